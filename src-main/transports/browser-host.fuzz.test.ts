// Fuzz: thousands of hostile inputs against a RUNNING browser-mode host (the real `serve()` in its own process, real
// sockets). Afterwards the host must still serve a good client, its memory must be back near where it started (after
// forced GCs), and every bad input must have got a 4xx, a typed error or a closed socket — never a 5xx, a hang, an
// `internal` error or a crash. Figures: stdout and artifacts/fuzz-browser-host.json. Deterministic (fixed seeds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import WebSocket from 'ws';
import { ERROR_CODES } from '../../src-shared/contract/errors';
import { contractMessage, frameSequence, knownBadFrames, malformedHttpRequest, upgradeAttempt, type HostFacts } from './testing/fuzz-inputs';
import { collect, decodeServerFrames, encodeFrame, exchange, openRawWebSocket, statusOf, type Exchange } from './testing/fuzz-wire';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SEED = 9_2026;
/** Inputs per kind (the warm-up adds a tenth of each before the memory baseline). */
const COUNT = { http: 1500, upgrades: 400, frames: 300, messages: 2500 };
const BATCH = 250;
const MB = 1024 * 1024;
/** Generous bounds: the point is "bounded", not a budget (a leak of one buffer per input would blow them). */
const HEAP_GROWTH_LIMIT = 48 * MB;
const RSS_GROWTH_LIMIT = 256 * MB;

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly gcForced: boolean;
}

interface Tally {
  tried: number;
  refused4xx: number;
  closed: number;
  typedErrors: number;
  served: number;
}

const newTally = (): Tally => ({ tried: 0, refused4xx: 0, closed: 0, typedErrors: 0, served: 0 });
const tallies = { http: newTally(), upgrades: newTally(), frames: newTally(), messages: newTally() };
const problems: string[] = [];

let child: ChildProcess;
let stderr = '';
let facts: HostFacts;
let cookie: string;
let work: string;

/** Runs `fn` over `items`, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function memory(): Promise<Memory> {
  return new Promise((resolveMemory) => {
    child.once('message', (m) => resolveMemory(m as Memory));
    child.send('memory');
  });
}

const show = (b: Buffer): string => JSON.stringify(b.subarray(0, 160).toString('latin1'));

/** A host message must be one of the four kinds, and an error must carry a known code that is not `internal`. */
function checkHostMessage(text: string, where: string, tally: Tally): void {
  let m: { t?: unknown; error?: { code?: unknown } };
  try {
    m = JSON.parse(text) as typeof m;
  } catch {
    problems.push(`${where}: the host sent non-JSON ${JSON.stringify(text.slice(0, 120))}`);
    return;
  }
  if (!['error', 'result', 'events', 'end'].includes(m.t as string)) problems.push(`${where}: unknown message ${text.slice(0, 120)}`);
  const code = m.error?.code;
  if (code === undefined) return;
  if (!ERROR_CODES.includes(code as (typeof ERROR_CODES)[number]) || code === 'internal') problems.push(`${where}: error code ${String(code)}`);
  else tally.typedErrors++;
}

function checkHttpRefusal(kind: 'http' | 'upgrades', input: Buffer, result: Exchange, allowed: (status: number) => boolean): void {
  const tally = tallies[kind];
  tally.tried++;
  const status = statusOf(result.reply);
  if (!result.closed) problems.push(`${kind}: the host kept the socket open (hang) for ${show(input)}`);
  if (status === undefined) tally.closed++;
  else if (status >= 400 && status < 500) tally.refused4xx++;
  else tally.served++;
  if (status !== undefined && !allowed(status)) problems.push(`${kind}: status ${status} for ${show(input)}`);
}

async function fuzzHttp(inputs: readonly Buffer[]): Promise<void> {
  await pool(
    inputs.map((bytes, i) => ({ bytes, halfClose: i % 2 ? ('at-once' as const) : ('after-answer' as const) })),
    8,
    async ({ bytes, halfClose }) => {
      // Never 2xx/3xx (no input carries the secret), never 5xx (that would be a bug answered as "unexpected").
      checkHttpRefusal('http', bytes, await exchange(facts.port, bytes, { halfClose }), (s) => s >= 400 && s < 500);
    },
  );
}

async function fuzzUpgrades(cases: ReturnType<typeof sampleUpgrades>): Promise<void> {
  await pool(cases, 8, async (c) => {
    const result = await exchange(facts.port, c.bytes, { halfClose: 'after-answer' });
    const status = statusOf(result.reply);
    checkHttpRefusal('upgrades', c.bytes, result, (s) => {
      if (s === 101) return c.passesOurChecks && c.isWellFormed;
      // Not a WebSocket handshake to Node (no Upgrade token): a plain GET, served only with the right name and secret.
      if (s === 200 || s === 303) return c.passesHttpChecks;
      return s >= 400 && s < 500;
    });
    if (c.passesOurChecks && c.isWellFormed && status !== 101) problems.push(`upgrades: a good handshake got ${status} for ${show(c.bytes)}`);
  });
}

async function fuzzFrames(sequences: readonly (readonly Parameters<typeof encodeFrame>[0][])[]): Promise<void> {
  await pool(sequences, 6, async (frames) => {
    const tally = tallies.frames;
    tally.tried++;
    const { socket, rest } = await openRawWebSocket(facts.port, { Host: facts.authority, Origin: facts.origin, Cookie: cookie });
    const result = await new Promise<Exchange>((done) => {
      collect(socket, 30_000, done, [rest]);
      socket.end(Buffer.concat(frames.map(encodeFrame)));
    });
    if (!result.closed) problems.push(`frames: the host kept the socket open (hang) after ${frames.length} frame(s)`);
    tally.closed++;
    for (const frame of decodeServerFrames(result.reply)) {
      if (frame.opcode === 1) checkHostMessage(frame.payload.toString('utf8'), 'frames', tally);
      else if (![8, 9, 10].includes(frame.opcode)) problems.push(`frames: the host sent opcode ${frame.opcode}`);
    }
  });
}

/** An authenticated `ws` client connection that records every host message. */
async function openClient(): Promise<{ ws: WebSocket; messages: string[]; closed: Promise<void> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${facts.port}/rpc`, { headers: { host: facts.authority, origin: facts.origin, cookie } });
  const messages: string[] = [];
  ws.on('message', (d) => messages.push(d.toString()));
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  await new Promise<void>((r, reject) => {
    ws.once('open', () => r());
    ws.once('error', reject);
  });
  ws.on('error', () => undefined); // a connection the host closes on purpose (1009) may also report an error
  return { ws, messages, closed };
}

/** Waits for the reply to a ping sent after everything else: all earlier messages were read by then. */
async function pingThrough(client: { ws: WebSocket; messages: string[] }, id: number): Promise<void> {
  client.ws.send(JSON.stringify({ t: 'call', id, method: 'app.ping', args: { text: 'still there?' } }));
  await expect.poll(() => client.messages.some((m) => m.includes(`"id":${id},`) && m.includes('still there?')), { timeout: 30_000, interval: 20 }).toBe(true);
}

async function fuzzMessages(messages: readonly string[]): Promise<void> {
  const tally = tallies.messages;
  for (let i = 0; i < messages.length; i += BATCH) {
    const client = await openClient();
    const batch = messages.slice(i, i + BATCH);
    for (const m of batch) client.ws.send(m);
    tally.tried += batch.length;
    await pingThrough(client, 2_000_000_000 + i);
    if (client.ws.readyState !== WebSocket.OPEN) problems.push(`messages: the host closed a connection over messages within the size limit`);
    for (const m of client.messages) checkHostMessage(m, 'messages', tally);
    client.ws.close();
    await client.closed;
  }
}

/** Caps, reused ids and oversized messages on dedicated connections; returns how many inputs it tried. */
async function fuzzLimits(): Promise<number> {
  const tally = tallies.messages;
  let tried = 0;
  const client = await openClient();
  // 300 live subscriptions: the host allows 256 per connection, the rest get `too-many`.
  for (let id = 1; id <= 300; id++) client.ws.send(JSON.stringify({ t: 'sub', id, method: 'app.notices', args: {} }));
  // A reused subscription id: refused; the first stream is unaffected.
  client.ws.send(JSON.stringify({ t: 'sub', id: 1, method: 'app.notices', args: {} }));
  // A burst of calls: each gets exactly one answer, a result or `too-many`.
  for (let id = 10_000; id < 12_000; id++) client.ws.send(JSON.stringify({ t: 'call', id, method: 'app.ping', args: { text: 'burst' } }));
  // Within the frame limit but far over what any argument allows; and bytes, not characters.
  client.ws.send(JSON.stringify({ t: 'call', id: 20_000, method: 'app.ping', args: { text: 'x'.repeat(7 * MB) } }));
  client.ws.send(JSON.stringify({ t: 'call', id: 20_001, method: 'app.ping', args: { text: '€'.repeat(2.5 * MB) } }));
  tried += 300 + 1 + 2000 + 2;
  await pingThrough(client, 30_000);
  const parsed = client.messages.map((m) => JSON.parse(m) as { t: string; id: number; error?: { code: string } });
  const errorsFor = (from: number, to: number): { id: number; code: string }[] =>
    parsed.filter((m) => m.t === 'error' && m.id >= from && m.id <= to).map((m) => ({ id: m.id, code: m.error!.code }));
  const subErrors = errorsFor(1, 300);
  if (subErrors.filter((e) => e.code === 'too-many').length !== 44 || subErrors.filter((e) => e.code === 'bad-request').length !== 1) {
    problems.push(`limits: expected 44 too-many and 1 reused-id refusal for subscriptions, got ${JSON.stringify(subErrors.slice(0, 5))}…(${subErrors.length})`);
  }
  const burst = parsed.filter((m) => m.id >= 10_000 && m.id < 12_000);
  const answered = new Set(burst.map((m) => m.id));
  if (burst.length !== 2000 || answered.size !== 2000 || burst.some((m) => m.t === 'error' && m.error!.code !== 'too-many')) {
    problems.push(`limits: the call burst got ${burst.length} answers for 2000 calls (${answered.size} distinct)`);
  }
  for (const id of [20_000, 20_001]) {
    const reply = parsed.find((m) => m.id === id);
    if (reply?.t !== 'error' || !['bad-request', 'too-large'].includes(reply.error!.code)) problems.push(`limits: oversized call ${id} got ${JSON.stringify(reply)}`);
  }
  for (const m of client.messages) checkHostMessage(m, 'limits', tally);
  client.ws.close();
  await client.closed;

  // Over the 8 MB frame limit: the socket is closed (1009), the host lives on.
  const big = await openClient();
  big.ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.ping', args: { text: 'y'.repeat(9 * MB) } }));
  await big.closed;
  tally.closed++;
  tried += 1;
  tally.tried += tried;
  return tried;
}

async function goodClientIsServed(): Promise<void> {
  const page = await exchange(facts.port, Buffer.from(`GET / HTTP/1.1\r\nHost: ${facts.authority}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`), { halfClose: 'never' });
  expect(statusOf(page.reply)).toBe(200);
  expect(page.reply.toString()).toContain('fuzz-renderer-marker');
  const client = await openClient();
  await pingThrough(client, 7);
  client.ws.close();
  await client.closed;
}

function sampleUpgrades(n: number, seed: number) {
  return fc.sample(upgradeAttempt(facts), { seed, numRuns: n });
}

describe('browser-mode host under fuzz', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pipe-fuzz-'));
    const rendererDir = join(work, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>fuzz-renderer-marker</p>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    child = fork(join(HERE, 'testing', 'fuzz-host-process.ts'), [], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '--import', 'tsx'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: work,
        PIPE_DESKTOP_DATA_DIR: join(work, 'data'),
        PIPE_DESKTOP_PORT: '0',
        PIPE_DESKTOP_RENDERER_DIR: rendererDir,
        PIPE_DESKTOP_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/pipe-[0-9a-f]+\.localhost:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) resolveUrl(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the host exited (${code}) before printing its URL:\n${stderr}`)));
    });
    const parsed = new URL(url);
    facts = { port: Number(parsed.port), authority: parsed.host, origin: parsed.origin, secret: parsed.searchParams.get('token')! };
    cookie = `pipe_session=${facts.secret}`;
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('survives thousands of malformed requests, upgrades, frames and messages; memory stays bounded', { timeout: 300_000 }, async () => {
    const http = fc.sample(malformedHttpRequest(facts), { seed: SEED, numRuns: Math.round(COUNT.http * 1.1) });
    const upgrades = sampleUpgrades(Math.round(COUNT.upgrades * 1.1), SEED + 1);
    const frames = [...knownBadFrames(), ...fc.sample(frameSequence(), { seed: SEED + 2, numRuns: COUNT.frames })];
    const messages = fc.sample(contractMessage(), { seed: SEED + 3, numRuns: Math.round(COUNT.messages * 1.1) });
    const tenth = (xs: readonly unknown[]): number => Math.floor(xs.length / 11);

    // Warm-up (a tenth of each kind), so lazily loaded code is in memory before the baseline.
    await goodClientIsServed();
    await fuzzHttp(http.slice(0, tenth(http)));
    await fuzzUpgrades(upgrades.slice(0, tenth(upgrades)));
    await fuzzFrames(frames.slice(0, tenth(frames)));
    await fuzzMessages(messages.slice(0, BATCH));
    const before = await memory();

    await fuzzHttp(http.slice(tenth(http)));
    await fuzzUpgrades(upgrades.slice(tenth(upgrades)));
    await fuzzFrames(frames.slice(tenth(frames)));
    await fuzzMessages(messages.slice(BATCH));
    await fuzzLimits();

    await goodClientIsServed();
    const after = await memory();
    const unexpected = stderr.split('\n').filter((line) => /"level":"error"/.test(line));
    const inputs = Object.values(tallies).reduce((n, t) => n + t.tried, 0);
    const figures = {
      seed: SEED,
      inputs,
      byKind: tallies,
      crashes: child.exitCode === null ? 0 : 1,
      unexpectedErrorsLogged: unexpected.length,
      problems: problems.length,
      memory: {
        gcForced: after.gcForced,
        rssBeforeMb: +(before.rss / MB).toFixed(1),
        rssAfterMb: +(after.rss / MB).toFixed(1),
        heapUsedBeforeMb: +(before.heapUsed / MB).toFixed(1),
        heapUsedAfterMb: +(after.heapUsed / MB).toFixed(1),
        externalBeforeMb: +(before.external / MB).toFixed(1),
        externalAfterMb: +(after.external / MB).toFixed(1),
      },
    };
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'artifacts', 'fuzz-browser-host.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `fuzz-browser-host: ${inputs} inputs tried, crashes ${figures.crashes}, problems ${problems.length}, ` +
        `RSS ${figures.memory.rssBeforeMb} → ${figures.memory.rssAfterMb} MB, heap ${figures.memory.heapUsedBeforeMb} → ` +
        `${figures.memory.heapUsedAfterMb} MB (gc forced: ${after.gcForced}) — artifacts/fuzz-browser-host.json\n`,
    );

    expect(problems.slice(0, 20)).toEqual([]);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(child.exitCode).toBeNull();
    expect(after.gcForced).toBe(true);
    expect(inputs).toBeGreaterThan(4000);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_GROWTH_LIMIT);
    expect(after.rss - before.rss).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
