// Terminal figures: throughput of 200 MB of output through pty → host → transport → xterm, side by side with the
// same output read from a pty straight into nothing (the anchor, same run); host RSS and renderer heap during it
// (flat under flow control); keystroke echo latency in browser mode. Prints figures; never asserts.
// Run alone: `npx tsx bench/terminal-bench.ts`; `npm run bench -- terminal`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn as spawnPty } from 'node-pty';
import type { Page } from 'playwright-core';
import { contract, type Contract } from '../src-shared/contract';
import { createRpcClient } from '../src-shared/contract/rpc-client';
import type { ClientMessage, HostMessage, MessagePort } from '../src-shared/contract/wire';
import { RpcHost } from '../src-main/host/rpc-host';
import { createTerminalHandlers } from '../src-main/terminal/terminal-handlers';
import { testTerminalService } from '../src-main/terminal/testing';
import { launchChromium, makeDataDir, removeDataDir, ROOT, startHostProcess, waitForShell } from '../e2e/harness';
import { rssMb } from './foundation-bench';

/** 200 MB; `PIPE_BENCH_TERMINAL_MB` makes a quicker run. */
const BYTES = Math.max(1, Number(process.env.PIPE_BENCH_TERMINAL_MB) || 200) * 1024 * 1024;
const LINE = 'pipe desktop terminal bench 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const command = (bytes: number): string => `yes '${LINE}' | head -c ${bytes}`;
const mbps = (bytes: number, ms: number): number => Math.round((bytes / 1024 / 1024 / (ms / 1000)) * 10) / 10;

/** The anchor: the same output read from a pty by node-pty, thrown away. */
async function ptyToNothing(bytes: number): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const p = spawnPty('/bin/sh', ['-c', command(bytes)], { cols: 120, rows: 30, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    p.onData(() => undefined);
    p.onExit(() => resolve());
  });
  return performance.now() - t0;
}

/** pty → TerminalService → RpcHost → JSON (as on the WebSocket) → client that acknowledges like xterm would. */
async function ptyThroughHost(bytes: number): Promise<number> {
  const { service, root } = testTerminalService({ env: { HOME: tmpdir(), PATH: process.env.PATH ?? '', SHELL: '/bin/sh' } });
  const rpc = new RpcHost(contract, { terminal: createTerminalHandlers(service) } as never);
  const toClient = new Set<(m: HostMessage) => void>();
  const connection = rpc.connect((m) => {
    const wire = JSON.parse(JSON.stringify(m)) as HostMessage;
    for (const l of toClient) l(wire);
  });
  const port: MessagePort<ClientMessage, HostMessage> = {
    send: (m) => connection.receive(JSON.stringify(m)),
    onMessage: (l) => (toClient.add(l), () => toClient.delete(l)),
  };
  const client = createRpcClient<Contract>(port);
  try {
    const info = await client.api.terminal.create({ cols: 120, rows: 30 });
    const marker = `bench-done-${Date.now()}`;
    let pending = 0;
    let t0 = 0;
    const done = new Promise<number>((resolve) => {
      let tail = '';
      client.api.terminal.attach(
        { id: info.id },
        {
          next: (e) => {
            if (e.kind !== 'data') return;
            pending += e.data.length;
            if (pending >= 5000) {
              void client.api.terminal.ack({ id: info.id, chars: pending });
              pending = 0;
            }
            tail = (tail + e.data).slice(-200);
            if (t0 && tail.includes(marker)) resolve(performance.now() - t0);
          },
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    t0 = performance.now();
    await client.api.terminal.input({ id: info.id, data: `${command(bytes)}; echo ${marker.slice(0, 5)}''${marker.slice(5)}\r` });
    return await done;
  } finally {
    client.dispose();
    connection.dispose();
    await service.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

async function openTerminal(page: Page): Promise<void> {
  await page.keyboard.press('Control+`');
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor();
  await page.waitForTimeout(500);
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
}

/** The whole path in Chromium (WebGL renderer, the default): time until the shell ran the command after it. */
async function fullPath(bytes: number): Promise<{ ms: number; hostRssBefore: number; hostRssMax: number; heapMaxMb: number; renderer: string }> {
  const dataDir = makeDataDir();
  const host = await startHostProcess({ dataDir, env: { SHELL: '/bin/sh' } });
  const browser = await launchChromium();
  const doneFile = join(dataDir, 'bench-done');
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(host.url);
    await waitForShell(page);
    await openTerminal(page);
    const renderer = (await page.locator('.terminal-view:not([hidden])').getAttribute('data-renderer')) ?? 'unknown';
    const hostRssBefore = rssMb(host.pid);
    let hostRssMax = hostRssBefore;
    let heapMaxMb = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        hostRssMax = Math.max(hostRssMax, rssMb(host.pid));
        const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0).catch(() => 0);
        heapMaxMb = Math.max(heapMaxMb, Math.round((heap / 1024 / 1024) * 10) / 10);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    // With flow control the shell runs the next command only once xterm parsed all but the last <100,000 chars.
    await page.keyboard.type(`${command(bytes)}; : > '${doneFile}'`);
    const t0 = performance.now();
    await page.keyboard.press('Enter');
    while (!existsSync(doneFile)) await new Promise((r) => setTimeout(r, 20));
    const ms = performance.now() - t0;
    sampling = false;
    await sampler;
    return { ms, hostRssBefore, hostRssMax, heapMaxMb, renderer };
  } finally {
    await browser.close();
    await host.stop();
    removeDataDir(dataDir);
  }
}

/** Keystroke → echo on screen, measured in the page (DOM renderer so the text can be observed). */
async function keystrokeLatency(samples: number): Promise<number[]> {
  const dataDir = makeDataDir();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ terminalRenderer: 'dom' }));
  const host = await startHostProcess({ dataDir, env: { SHELL: '/bin/sh' } });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(host.url);
    await waitForShell(page);
    await openTerminal(page);
    await page.keyboard.type('cat > /dev/null');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      // A string, not a function: tsx would wrap named helpers in __name(), which the page does not have.
      const waiting = page.evaluate(MEASURE_ECHO) as Promise<number>;
      await page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true);
      await page.evaluate(() => ((window as unknown as { __benchReady: boolean }).__benchReady = false));
      await page.keyboard.press('a');
      const ms = await waiting;
      if (ms >= 0) out.push(ms);
    }
    return out;
  } finally {
    await browser.close();
    await host.stop();
    removeDataDir(dataDir);
  }
}

const MEASURE_ECHO = `new Promise((resolve) => {
  const rows = document.querySelector('.terminal-view:not([hidden]) .xterm-rows');
  const before = rows.textContent;
  let t0 = 0;
  document.addEventListener('keydown', () => { t0 = performance.now(); }, { capture: true, once: true });
  const obs = new MutationObserver(() => {
    if (t0 && rows.textContent !== before) { obs.disconnect(); resolve(performance.now() - t0); }
  });
  obs.observe(rows, { subtree: true, childList: true, characterData: true });
  // A keystroke whose echo never showed is dropped, not waited for.
  setTimeout(() => { obs.disconnect(); resolve(-1); }, 5000);
  window.__benchReady = true;
})`;

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

/** Runs the terminal measurements (builds first when out/ is stale). */
export async function benchTerminal(): Promise<Record<string, number | string>> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pipe-desktop.mjs'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const step = <T>(what: string, value: T): T => (process.stderr.write(`  terminal: ${what}: ${JSON.stringify(value)}\n`), value);
  const anchorMs = step('anchor ms', await ptyToNothing(BYTES));
  const hostMs = step('host path ms', await ptyThroughHost(BYTES));
  const full = step('full path', await fullPath(BYTES));
  const anchorAgainMs = step('anchor again ms', await ptyToNothing(BYTES));
  const latency = step('echo latencies ms', await keystrokeLatency(60));
  const anchor = Math.min(anchorMs, anchorAgainMs);
  return {
    'output (MB)': BYTES / 1024 / 1024,
    'anchor: pty → nothing (MB/s, best of 2)': mbps(BYTES, anchor),
    'pty → host → RPC (JSON) → acking client (MB/s)': mbps(BYTES, hostMs),
    'pty → host → WebSocket → xterm in Chromium (MB/s)': mbps(BYTES, full.ms),
    'full path / anchor': Math.round((anchor / full.ms) * 100) / 100,
    'xterm renderer': full.renderer,
    'host RSS before (MB)': full.hostRssBefore,
    'host RSS max during the output (MB)': full.hostRssMax,
    'renderer JS heap max during (MB)': full.heapMaxMb,
    'keystroke echo samples': latency.length,
    'keystroke echo p50 (ms)': percentile(latency, 50),
    'keystroke echo p95 (ms)': percentile(latency, 95),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchTerminal();
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`);
}
