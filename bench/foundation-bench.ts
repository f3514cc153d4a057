// Foundation figures: browser-mode cold start to first render, host RSS after start, initial renderer JS (gzip).
// Run alone: `npx tsx bench/foundation-bench.ts`; `benchFoundation()` returns the figures for bench/run.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, removeDataDir, ROOT, startHostProcess } from '../e2e/harness';

/** Budget for the JS index.html loads eagerly. */
export const INITIAL_JS_BUDGET_KB = 350;
const RUNS = 3;

/** The scripts index.html loads before first render: module entries and modulepreloads. */
export function eagerScripts(indexHtml: string): string[] {
  const out = new Set<string>();
  for (const m of indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) out.add(m[1]!);
  for (const m of indexHtml.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"[^>]*>/g)) out.add(m[1]!);
  return [...out];
}

/** KB of gzip (level 9) over the eager scripts of the built renderer. */
export function initialJsKbGzip(rendererDir = join(ROOT, 'out', 'renderer')): number {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  let bytes = 0;
  for (const src of eagerScripts(html)) bytes += gzipSync(readFileSync(join(rendererDir, src.replace(/^\.?\//, ''))), { level: 9 }).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

/** Resident set size of a process in MB (Linux /proc, else `ps`). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (kb) return Math.round((kb / 1024) * 10) / 10;
  } catch {
    // not Linux
  }
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Math.round((Number(r.stdout.trim()) / 1024) * 10) / 10;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs the foundation measurements (builds first when out/ is stale). */
export async function benchFoundation(): Promise<Record<string, number>> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pipe-desktop.mjs'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const browser = await launchChromium();
  const starts: number[] = [];
  const hostReady: number[] = [];
  const rss: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const host = await startHostProcess();
      hostReady.push(performance.now() - t0);
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(host.url);
        await page.locator('[data-shell-ready]').waitFor({ state: 'visible' });
        starts.push(performance.now() - t0);
        await page.locator('[data-connection="connected"]').waitFor({ state: 'visible' });
        rss.push(rssMb(host.pid));
        await context.close();
      } finally {
        await host.stop();
        removeDataDir(host.dataDir);
      }
    }
  } finally {
    await browser.close();
  }
  const js = initialJsKbGzip();
  return {
    coldStartToFirstRenderMs: Math.round(median(starts)),
    hostSpawnToUrlMs: Math.round(median(hostReady)),
    hostRssAfterStartMb: median(rss),
    initialJsKbGzip: js,
    initialJsBudgetKbGzip: INITIAL_JS_BUDGET_KB,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchFoundation();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v}`);
}
