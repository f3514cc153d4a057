// `pipe-desktop smoke-test` in browser mode: starts the host, loads the renderer in Chromium, makes one contract round
// trip, checks the CSP and that the page cannot reach Node; prints one JSON line and exits 0 or 1 within 30 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { judgeSmoke, PAGE_PROBE, SMOKE_TIMEOUT_MS, type SmokeObservation, type SmokeResult } from '../src-main/smoke/smoke-report';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function startHost(dataDir: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [join(ROOT, 'out', 'main', 'serve.js')], {
    cwd: ROOT,
    env: { ...process.env, PIPE_DESKTOP_DATA_DIR: dataDir, PIPE_DESKTOP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /(https?:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before printing its URL`)));
  });
  return { child, url };
}

/** In the page: one `app.ping` over a fresh WebSocket to the host, authenticated by the page's own session. */
const ROUND_TRIP = `new Promise((resolve) => {
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/rpc');
  const done = (r) => { try { ws.close(); } catch {} resolve(r); };
  const timer = setTimeout(() => done({ ok: false, detail: 'no answer within 10 s' }), 10000);
  ws.onopen = () => ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.ping', args: { text: 'smoke' } }));
  ws.onerror = () => { clearTimeout(timer); done({ ok: false, detail: 'WebSocket refused' }); };
  ws.onmessage = (e) => {
    clearTimeout(timer);
    const m = JSON.parse(e.data);
    done(m.t === 'result' && m.value && m.value.text === 'smoke' ? { ok: true } : { ok: false, detail: String(e.data).slice(0, 200) });
  };
})`;

async function observe(url: string, browser: Browser): Promise<SmokeObservation> {
  const page = await browser.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  const csp = response?.headers()['content-security-policy'];
  const rendererLoaded = await page
    .getByRole('navigation', { name: 'Sidebar' })
    .waitFor({ timeout: 15_000 })
    .then(() => true, () => false);
  const roundTrip = (await page.evaluate(ROUND_TRIP)) as SmokeObservation['roundTrip'];
  const probe = (await page.evaluate(PAGE_PROBE)) as { inlineScriptBlocked: boolean; nodeInRenderer: boolean };
  return { rendererLoaded, roundTrip, csp, ...probe };
}

async function main(): Promise<SmokeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipe-smoke-'));
  const host = startHost(dataDir);
  let browser: Browser | undefined;
  try {
    const url = await host.url;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    return judgeSmoke('browser', await observe(url, browser));
  } finally {
    await browser?.close().catch(() => undefined);
    host.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const timeout = setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ ok: false, mode: 'browser', failures: [`no result within ${SMOKE_TIMEOUT_MS / 1000} s`] })}\n`);
  process.exit(1);
}, SMOKE_TIMEOUT_MS);

main().then(
  (result) => {
    clearTimeout(timeout);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(result.ok ? 0 : 1);
  },
  (err: unknown) => {
    clearTimeout(timeout);
    process.stdout.write(`${JSON.stringify({ ok: false, mode: 'browser', failures: [String((err as Error).message ?? err)] })}\n`);
    process.exit(1);
  },
);
