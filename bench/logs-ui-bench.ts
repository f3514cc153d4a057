// Log figures in the real UI (browser mode in Chromium) against the sandbox with Tekton's controller on kwok:
// lines/s of a finished run's kwok-served log through host and transport into the renderer, side by side with
// `kubectl logs -f --timestamps` on the same container in the same run; time to open a finished run's 1M-line log;
// search over those 1M lines as the viewer does it (input → count shown); renderer JS heap with them; time from a
// run's creation to its first log line on screen. Prints figures; never asserts.
// Run alone: `npx tsx bench/logs-ui-bench.ts` (PIPE_SANDBOX_INFO reuses a sandbox started with --tekton-controller;
// PIPE_BENCH_LOG_UI_LINES shrinks the big log; PIPE_BENCH_LOG_UI_ONLY=big measures only the 1M-line log;
// PIPE_BENCH_LOG_UI_PROFILE=<file.cpuprofile> saves a renderer CPU profile of one text search); `npm run bench -- logs`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { readSandboxInfo, startSandbox, type Sandbox, type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import { startScenarioRun } from '../src-main/logs/testing/run-scenario';
import type { KubeClient } from '../src-node/kube/kube-client';
import { launchChromium, openApp, removeDataDir, ROOT, startHostProcess, type HostProcess } from '../e2e/harness';
import { kubectlLinesPerSecond } from './logs-bench';

const BIG = Math.max(1000, Number(process.env.PIPE_BENCH_LOG_UI_LINES) || 1_000_000);
const STREAM = Math.min(BIG, 200_000);
const ONLY_BIG = process.env.PIPE_BENCH_LOG_UI_ONLY === 'big';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 600_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A real one-task run on Tekton + kwok whose step prints `lines` lines; resolves once it finished. */
async function finishedRun(info: SandboxInfo, admin: KubeClient, name: string, lines: number): Promise<{ pod: string; container: string }> {
  const [c] = await startScenarioRun(info, admin, name, [{ name: 'build', steps: ['main'], lines, completeAfter: '1s' }]);
  await until(async () => {
    const pr = await admin.request<{ status?: { conditions?: { type: string; status: string }[] } }>(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelineruns/${name}`);
    return pr.status?.conditions?.find((x) => x.type === 'Succeeded' && x.status !== 'Unknown') ? true : undefined;
  }, `run ${name} to finish`);
  return { pod: c!.pod, container: c!.container };
}

/** Renderer JS heap after a full GC (MB). */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1e6;
  } finally {
    await cdp.detach();
  }
}

/** Opens a run's page by its route and resolves with ms until its log shows line `lines` (the viewer follows the tail). */
async function openRunLog(page: Page, info: SandboxInfo, name: string, lines: number): Promise<number> {
  const t0 = performance.now();
  await page.evaluate((route) => (location.hash = route), `#/runs/${info.runtime.userContext}/${info.teamNamespace}/${name}`);
  await page.locator(`[data-line="${lines - 1}"]`).waitFor({ timeout: 600_000 });
  return performance.now() - t0;
}

/** Types a query into the viewer's search box and measures, inside the page, until the count is shown. */
async function searchMs(page: Page, query: string): Promise<number> {
  return page.evaluate(async (q) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Search the log"]')!;
    const summary = document.querySelector('[data-testid="log-search-summary"]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setValue.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const t0 = performance.now();
    setValue.call(input, q);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      if (/matches|No matches/.test(summary.textContent ?? '')) return performance.now() - t0;
    }
  }, query);
}

/** Two animation frames in the page: the floor under `searchMs` (it waits for frames), as loaded as the search. */
async function twoFramesMs(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const t0 = performance.now();
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return performance.now() - t0;
  });
}

/** Saves a renderer CPU profile (Chrome DevTools format) of `work`. */
async function profiled<T>(page: Page, file: string, work: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    const out = await work();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    return out;
  } finally {
    await cdp.detach();
  }
}

async function freshPage(browser: Browser, host: HostProcess): Promise<Page> {
  return openApp(browser, host);
}

/** All UI log figures. */
export async function benchLogsUi(): Promise<Record<string, number>> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pipe-desktop.mjs'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  let sandbox: Sandbox | undefined;
  const info = process.env.PIPE_SANDBOX_INFO ? readSandboxInfo() : (sandbox = await startSandbox({ tektonController: true, seed: false }));
  const admin = clientFor(info.runtime.adminKubeconfig);
  const host = await startHostProcess({ env: { KUBECONFIG: info.kubeconfig } });
  const browser = await launchChromium();
  const out: Record<string, number> = {};
  const id = Date.now().toString(36);
  try {
    // 1. Throughput, app vs kubectl on the same finished container, alternating; the better of two each.
    if (!ONLY_BIG) {
      const stream = await finishedRun(info, admin, `ui-stream-${id}`, STREAM);
      const app: number[] = [];
      const kubectl: number[] = [];
      for (let i = 0; i < 2; i++) {
        kubectl.push(await kubectlLinesPerSecond(info, stream.pod, stream.container, STREAM));
        const page = await freshPage(browser, host);
        app.push(STREAM / ((await openRunLog(page, info, `ui-stream-${id}`, STREAM)) / 1000));
        await page.context().close();
      }
      out[`${STREAM} lines: kube-apiserver → host → WebSocket → renderer, shown (lines/s)`] = Math.round(Math.max(...app));
      out[`${STREAM} lines: kubectl logs -f --timestamps, same container (lines/s)`] = Math.round(Math.max(...kubectl));
      out['app / kubectl (%)'] = Math.round((Math.max(...app) / Math.max(...kubectl)) * 100);
    }

    // 2. A finished run's 1M-line log: time to open, renderer heap, search.
    const big = await finishedRun(info, admin, `ui-big-${id}`, BIG);
    const page = await freshPage(browser, host);
    const heap0 = await heapMb(page);
    const openMs = await openRunLog(page, info, `ui-big-${id}`, BIG);
    const heap1 = await heapMb(page);
    out[`open a finished run's log of ${BIG} lines, until the last line is shown (ms)`] = Math.round(openMs);
    out[`  kubectl logs -f of the same container (ms)`] = Math.round((BIG / (await kubectlLinesPerSecond(info, big.pod, big.container, BIG))) * 1000);
    out[`renderer JS heap after GC: before (MB)`] = Math.round(heap0);
    out[`renderer JS heap after GC: with ${BIG} lines (MB)`] = Math.round(heap1);
    const text: number[] = [];
    const regex: number[] = [];
    for (let i = 0; i < 3; i++) text.push(await searchMs(page, `line ${123_457 + i}`));
    const profile = process.env.PIPE_BENCH_LOG_UI_PROFILE;
    if (profile) await profiled(page, profile, () => searchMs(page, 'line 654321'));
    await page.locator('label.logv__toggle', { hasText: '.*' }).locator('input').check();
    for (let i = 0; i < 3; i++) regex.push(await searchMs(page, `line 9+${i}5$`));
    out[`search ${BIG} lines in the viewer, text (input → count shown, ms, median of 3)`] = Math.round(median(text));
    out[`search ${BIG} lines in the viewer, regex (ms, median of 3)`] = Math.round(median(regex));
    out[`renderer JS heap after GC: with ${BIG} lines, a search in the box (MB)`] = Math.round(await heapMb(page));
    const frames: number[] = [];
    for (let i = 0; i < 3; i++) frames.push(await twoFramesMs(page));
    out['  anchor: two animation frames in the same page (ms, median of 3)'] = Math.round(median(frames));
    await page.context().close();
    if (ONLY_BIG) return out;

    // 3. From a run's creation to its first log line on screen (the run page opened right after the create call).
    const firsts: number[] = [];
    const podUp: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await freshPage(browser, host);
      const name = `ui-first-${id}-${i}`;
      const t0 = performance.now();
      const [c] = await startScenarioRun(info, admin, name, [{ name: 'build', steps: ['main'], lines: 5, completeAfter: '30s' }]);
      const running = until(async () => {
        const pod = await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${info.teamNamespace}/pods/${c!.pod}`).catch(() => undefined);
        return pod?.status?.phase === 'Running' ? performance.now() - t0 : undefined;
      }, 'the pod');
      await p.evaluate((route) => (location.hash = route), `#/runs/${info.runtime.userContext}/${info.teamNamespace}/${name}`);
      await p.locator('[data-line="0"]').waitFor({ timeout: 120_000 });
      firsts.push(performance.now() - t0);
      podUp.push(await running);
      await p.context().close();
    }
    out['run created → first log line shown (ms, median of 3)'] = Math.round(median(firsts));
    out['  anchor: run created → its pod Running, polled every 100 ms (ms, median of 3)'] = Math.round(median(podUp));
    return out;
  } finally {
    await browser.close();
    await host.stop();
    removeDataDir(host.dataDir);
    admin.dispose();
    await sandbox?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchLogsUi().then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`${k}: ${v}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
