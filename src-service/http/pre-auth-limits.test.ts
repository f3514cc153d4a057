// Issue 9 item 3: what an unauthenticated client can make the webhook port hold — bounded, and signed deliveries still answered.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema';
import { silentLogger } from '../log/logger';
import { createServiceMetrics, type ServiceMetrics } from '../metrics/service-metrics';
import { branchPush, postDelivery, signedDelivery } from '../testing/deliveries';
import { createWebhookReceiver } from '../webhook/receive';
import { WebhookRouter } from '../webhook/router';
import { HttpServer, type HttpServerDeps } from './http-server';

const SECRET = 'pre-auth-test-secret';
const MiB = 1024 * 1024;
// The service's defaults, as a config without overrides yields them.
const DEFAULTS = configSchema.parse({
  webhookSecret: SECRET,
  identity: 'test',
  github: { token: 't' },
  core: { access: { inCluster: true } },
});

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close(100);
  server = undefined;
});

async function start(
  extra: Partial<HttpServerDeps> = {},
): Promise<{ port: number; metrics: ServiceMetrics; recorded: string[] }> {
  const metrics = createServiceMetrics();
  const recorded: string[] = [];
  const receiver = createWebhookReceiver({
    secret: SECRET,
    router: new WebhookRouter(),
    metrics,
    logger: silentLogger,
    record: async (d) => {
      recorded.push(d.id);
      return { outcome: 'recorded', name: d.id };
    },
  });
  server = new HttpServer({
    receiver,
    metrics,
    logger: silentLogger,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    maxConnections: DEFAULTS.maxConnections,
    maxBytesInFlight: DEFAULTS.maxBytesInFlight,
    notReadyReason: () => undefined,
    ...extra,
  });
  return { port: await server.listen(0, '127.0.0.1'), metrics, recorded };
}

/**
 * An unsigned upload over a raw socket: headers declaring `declared` bytes, then the body in 64 KiB pieces while the
 * server keeps reading; `holdAfter` bytes sent, it waits for `release` before sending the rest. Resolves with the
 * status line's code (0 when the connection closed without an answer).
 */
function upload(
  port: number,
  declared: number,
  opts: { holdAfter?: number; release?: Promise<void> } = {},
): Promise<number> {
  const piece = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve(m ? Number(m[1]) : 0);
    };
    const pump = async (): Promise<void> => {
      while (!done && sent < declared) {
        if (opts.holdAfter !== undefined && sent >= opts.holdAfter && opts.release) {
          await opts.release;
          opts = {};
        }
        const n = Math.min(piece.length, declared - sent);
        sent += n;
        if (!socket.write(piece.subarray(0, n)))
          await new Promise<void>((r) => {
            socket.once('drain', r);
            socket.once('close', r);
          });
      }
    };
    socket.on('connect', () => {
      socket.write(
        `POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n` +
          `x-github-event: push\r\nx-github-delivery: attack\r\n\r\n`,
      );
      void pump();
    });
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

function verified(port: number, n: number) {
  const payload = branchPush({
    repository: 'acme/app',
    before: 'a'.repeat(40),
    after: n.toString(16).padStart(40, '0'),
  });
  return postDelivery(`http://127.0.0.1:${port}/webhook`, signedDelivery(SECRET, 'push', payload));
}

describe('pre-authentication limits', () => {
  it('defaults: a few MiB per body (not the 25 MB GitHub allows), bounded connections and bytes in flight, /metrics on its own port', () => {
    expect(DEFAULTS.maxBodyBytes).toBe(5 * MiB);
    expect(DEFAULTS.maxConnections).toBe(512);
    expect(DEFAULTS.maxBytesInFlight).toBe(64 * MiB);
    expect(DEFAULTS.metricsPort).not.toBe(DEFAULTS.port);
  });

  it('1,000 concurrent oversized unsigned uploads: nothing buffered, memory bounded, signed deliveries still answered', async () => {
    // Room for every attacker socket, so the signed deliveries are never refused at accept (the cap has its own test).
    const { port, recorded } = await start({ maxConnections: 2_000 });
    const before = process.memoryUsage();
    // Each declares 6 MiB and sends its first MiB at once (the rest only if the server keeps reading).
    const never = new Promise<void>(() => undefined);
    const attacks = Array.from({ length: 1000 }, () =>
      upload(port, DEFAULTS.maxBodyBytes + MiB, { holdAfter: MiB, release: never }),
    );
    const signed = Array.from({ length: 20 }, (_, i) => verified(port, i + 1));
    const statuses = await Promise.all(attacks);
    const answers = await Promise.all(signed);
    const after = process.memoryUsage();
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(recorded).toHaveLength(20);
    expect(statuses.every((s) => s === 413 || s === 0)).toBe(true);
    expect(statuses.filter((s) => s === 413).length).toBeGreaterThan(0);
    // The attackers offered 6 GiB (1 GiB sent at once); only the signed bodies (a few KiB each) were ever buffered.
    expect(server!.peakBytesInFlight).toBeLessThan(MiB);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(128 * MiB);
  }, 120_000);

  it('1,000 concurrent unsigned uploads under the size limit, held open: buffered bytes never pass the budget; then signed ones are answered', async () => {
    const budget = 16 * MiB;
    const { port } = await start({ maxConnections: 2_000, maxBytesInFlight: budget });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let answered = 0;
    const attacks = Array.from({ length: 1000 }, () =>
      upload(port, MiB, { holdAfter: MiB / 2, release: gate }).then((s) => (answered++, s)),
    );
    // Exactly budget / size uploads fit; they stay half-sent until released, every other one is refused at once.
    const admitted = budget / MiB;
    while (answered < 1000 - admitted) await new Promise((r) => setTimeout(r, 20));
    release();
    const statuses = await Promise.all(attacks);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1000 - admitted);
    expect(server!.peakBytesInFlight).toBeLessThanOrEqual(budget);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect((await verified(port, 99)).status).toBe(202);
  }, 120_000);

  it('refuses connections beyond maxConnections and accepts again when one closes', async () => {
    const { port } = await start({ maxConnections: 3 });
    const open = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<Socket>((r) => {
            const s = connect(port, '127.0.0.1', () => r(s));
          }),
      ),
    );
    // The fourth socket is closed by the server without an answer.
    expect(await upload(port, 10)).toBe(0);
    open[0]!.destroy();
    let status = 0;
    for (let i = 0; i < 50 && status === 0; i++) {
      status = (await verified(port, 7).catch(() => ({ status: 0 }))).status;
      if (status === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(202);
    for (const s of open) s.destroy();
  });
});
