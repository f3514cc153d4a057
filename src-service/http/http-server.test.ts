import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import type { WebhookReceiver } from '../webhook/receive';
import { HttpServer, type HttpServerDeps } from './http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close(100);
  server = undefined;
});

async function start(
  receiver: WebhookReceiver | undefined,
  maxBodyBytes = 1024,
  notReady?: string,
  extra: Partial<HttpServerDeps> = {},
): Promise<string> {
  server = new HttpServer({
    ...(receiver ? { receiver } : {}),
    metrics: createServiceMetrics(),
    logger: silentLogger,
    maxBodyBytes,
    notReadyReason: () => notReady,
    ...extra,
  });
  const port = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

function call(
  url: string,
  opts: { method?: string; body?: Buffer; chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
    if (opts.body && !opts.chunked) headers['content-length'] = String(opts.body.length);
    const req = request(url, { method: opts.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.chunked && opts.body) {
      for (let i = 0; i < opts.body.length; i += 256) req.write(opts.body.subarray(i, i + 256));
      req.end();
    } else req.end(opts.body);
  });
}

const accept: WebhookReceiver = async () => ({ status: 202, body: { ok: true, message: 'accepted' } });

describe('HttpServer', () => {
  it('passes /webhook POSTs to the receiver with the raw body and lower-case headers', async () => {
    let seen: { body: string; event?: string } | undefined;
    const url = await start(async (req) => {
      seen = { body: req.body.toString(), event: req.headers['x-github-event'] };
      return { status: 202, body: { ok: true, message: 'accepted' } };
    });
    const res = await call(`${url}/webhook`, {
      method: 'POST',
      body: Buffer.from('{"a":1}'),
      headers: { 'X-GitHub-Event': 'push' },
    });
    expect(res.status).toBe(202);
    expect(seen).toEqual({ body: '{"a":1}', event: 'push' });
  });

  it('answers 413 for a declared or streamed body over the limit, before the receiver sees it', async () => {
    let calls = 0;
    const url = await start(async () => {
      calls++;
      return { status: 202, body: { ok: true, message: '' } };
    }, 1024);
    expect((await call(`${url}/webhook`, { method: 'POST', body: Buffer.alloc(4096, 32) })).status).toBe(413);
    // A body without Content-Length (chunked) is refused outright: GitHub always declares the size.
    expect(
      (await call(`${url}/webhook`, { method: 'POST', body: Buffer.alloc(16, 32), chunked: true })).status,
    ).toBe(411);
    expect((await call(`${url}/webhook`, { method: 'POST', body: Buffer.alloc(1024, 32) })).status).toBe(202);
    expect(calls).toBe(1);
  });

  it('serves /metrics only on the ops server, never beside /webhook', async () => {
    const publicUrl = await start(accept);
    expect((await call(`${publicUrl}/metrics`)).status).toBe(404);
    await server!.close(100);
    const opsUrl = await start(undefined, 0, undefined, { serveMetrics: true });
    expect((await call(`${opsUrl}/metrics`)).status).toBe(200);
    expect((await call(`${opsUrl}/webhook`, { method: 'POST', body: Buffer.from('{}') })).status).toBe(404);
  });

  it('serves health, readiness, metrics and 404/405', async () => {
    const url = await start(undefined, 1024, 'event watch not synced', { serveMetrics: true });
    expect((await call(`${url}/healthz`)).status).toBe(200);
    const ready = await call(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('not synced');
    const metrics = await call(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('version=0.0.4');
    expect(metrics.text).toContain('# TYPE pipe_events_deliveries_received_total counter');
    expect((await call(`${url}/nope`)).status).toBe(404);
  });

  it('finishes in-flight requests on close and refuses new connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const url = await start(async () => {
      await gate;
      return { status: 202, body: { ok: true, message: 'late' } };
    });
    const inflight = call(`${url}/webhook`, { method: 'POST', body: Buffer.from('{}') });
    await new Promise((r) => setTimeout(r, 50));
    const closing = server!.close(5_000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(call(`${url}/healthz`)).rejects.toThrow();
    release();
    expect((await inflight).status).toBe(202);
    await closing;
    server = undefined;
  });
});
