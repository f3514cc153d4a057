// Browser mode refuses requests without the launch secret: HTTP 401, WebSocket upgrades refused, wrong Origin refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeDataDir, startHostProcess, type HostProcess } from './harness';
import { useE2e } from './fixtures';

/** Tries a WebSocket upgrade; resolves "open" or the HTTP status of the refusal. */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<'open' | number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (err) => resolve(err.message));
  });
}

describe('launch secret', () => {
  const e2e = useE2e();
  let host: HostProcess;
  let cookie: string;
  beforeAll(async () => {
    host = await startHostProcess();
    const res = await fetch(host.url, { redirect: 'manual' });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  });
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  });

  it('request without the secret is refused (HTTP 401)', async () => {
    for (const path of ['/', '/index.html', '/assets/anything.js', '/?token=wrong']) {
      const res = await fetch(host.origin + path, { redirect: 'manual' });
      expect(res.status, path).toBe(401);
    }
    const ok = await fetch(host.origin + '/', { headers: { cookie } });
    expect(ok.status).toBe(200);

    const page = e2e.track(await (await e2e.browser().newContext()).newPage());
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('open the URL printed');
  });

  it('websocket upgrade without the secret or from another origin is refused', async () => {
    const rpc = `ws://127.0.0.1:${host.port}/rpc`;
    expect(await tryUpgrade(rpc, { origin: host.origin })).toBe(401);
    expect(await tryUpgrade(rpc, { origin: 'http://evil.example', cookie })).toBe(401);
    expect(await tryUpgrade(rpc, { cookie })).toBe(401); // no Origin at all
    expect(await tryUpgrade(`${rpc}?token=wrong`, { origin: host.origin })).toBe(401);
    expect(await tryUpgrade(rpc, { origin: host.origin, cookie })).toBe('open');

    // A page on another origin cannot connect either (its Origin is wrong, and the cookie is SameSite=Strict).
    const page = e2e.track(await (await e2e.browser().newContext()).newPage());
    await page.setContent('<p>another site</p>');
    const result = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          // globalThis: the page's WebSocket, not the `ws` import of this file.
          const ws = new globalThis.WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      rpc,
    );
    expect(result).toBe('refused');
  });
});
