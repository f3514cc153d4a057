// Cluster figures at scale against the sandbox: 10,000 pods + 10,000 PipelineRuns; first full render, change → screen p95, host RSS, renderer heap.
// Run alone: `npx tsx bench/clusters-bench.ts` (set PIPE_SANDBOX_INFO to reuse a running sandbox); `npm run bench -- clusters` runs it with the rest.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import type { Page } from 'playwright-core';
import { readSandboxInfo, startSandbox, type Sandbox, type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import type { KubeClient } from '../src-node/kube/kube-client';
import { launchChromium, openApp, removeDataDir, startHostProcess } from '../e2e/harness';
import { rssMb } from './foundation-bench';

const NAMESPACE = 'pipe-bench';
const PODS = 10_000;
const RUNS = 10_000;
const CONCURRENCY = 48;
const LATENCY_SAMPLES = 60;

/** Runs `fn` over items with at most `limit` in flight. */
async function mapLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function countOf(admin: KubeClient, path: string): Promise<number> {
  const list = await admin.request<{ items: unknown[]; metadata: { remainingItemCount?: number } }>(path, { query: { limit: 1 } });
  return list.items.length + (list.metadata.remainingItemCount ?? 0);
}

/** Creates the namespace, 10,000 pods (parked on a node nobody runs, so they stay put) and 10,000 PipelineRuns; skips what exists. */
export async function seed(admin: KubeClient): Promise<number> {
  const t0 = Date.now();
  await admin.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } } }).catch(() => undefined);
  const ignoreConflict = (err: unknown): void => {
    if ((err as { status?: number }).status !== 409) throw err;
  };
  const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;
  if ((await countOf(admin, podsPath)) < PODS) {
    await mapLimited(
      Array.from({ length: PODS }, (_, i) => i),
      CONCURRENCY,
      (i) =>
        admin
          .request(podsPath, {
            method: 'POST',
            body: {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: `bench-pod-${i}`, labels: { app: `app-${i % 50}` } },
              spec: { nodeName: 'bench-parked', containers: [{ name: 'app', image: 'busybox' }] },
            },
          })
          .catch(ignoreConflict),
    );
  }
  const runsPath = `/apis/tekton.dev/v1/namespaces/${NAMESPACE}/pipelineruns`;
  if ((await countOf(admin, runsPath)) < RUNS) {
    await mapLimited(
      Array.from({ length: RUNS }, (_, i) => i),
      CONCURRENCY,
      (i) =>
        admin
          .request(runsPath, {
            method: 'POST',
            body: {
              apiVersion: 'tekton.dev/v1',
              kind: 'PipelineRun',
              metadata: {
                name: `bench-run-${i}`,
                labels: { 'tekton.dev/pipeline': `pipeline-${i % 20}`, 'triggers.tekton.dev/trigger': i % 2 ? 'push' : 'pull-request', 'pipe.linecorp.com/event': 'push' },
              },
              spec: { pipelineRef: { name: `pipeline-${i % 20}` } },
            },
          })
          .catch(ignoreConflict),
    );
  }
  return Date.now() - t0;
}

/** A kubeconfig with five contexts over the sandbox's two apiservers (admin and Dex user on each, plus a second runtime admin). */
function fiveContexts(info: SandboxInfo, dir: string): { file: string; main: string } {
  type Doc = { clusters: { name: string }[]; users: { name: string }[]; contexts: { name: string; context: Record<string, string> }[] };
  const load = (f: string): Doc => parse(readFileSync(f, 'utf8')) as Doc;
  const docs = [load(info.runtime.adminKubeconfig), load(info.core.adminKubeconfig), load(info.kubeconfig)];
  const clusters = new Map<string, unknown>();
  const users = new Map<string, unknown>();
  const contexts = new Map<string, { name: string; context: Record<string, string> }>();
  for (const d of docs) {
    for (const c of d.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of d.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of d.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
  }
  const main = docs[0]!.contexts[0]!;
  contexts.set(main.name, { ...main, context: { ...main.context, namespace: NAMESPACE } });
  contexts.set('bench-runtime-2', { name: 'bench-runtime-2', context: { ...main.context, namespace: info.teamNamespace } });
  const file = join(dir, 'bench-kubeconfig.yaml');
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()].slice(0, 5), 'current-context': main.name }));
  return { file, main: main.name };
}

/** Clicks inside the page and resolves with the ms until the table shows all `total` rows (rendered, after a frame). */
function timeToFullRender(page: Page, clickSelector: string, total: number): Promise<number> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate(`new Promise((resolve, reject) => {
    const target = document.querySelector(${JSON.stringify(clickSelector)});
    if (!target) return reject(new Error('nothing matches ${clickSelector}'));
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      const view = document.querySelector('.main__view:not([hidden])');
      const count = view?.querySelector('[data-testid="row-count"]')?.textContent ?? '';
      if (!count.startsWith('${total} ') || view.querySelectorAll('.vtable__row').length < 10) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    target.click();
    setTimeout(() => reject(new Error('no full render within 60 s')), 60000);
  })`) as Promise<number>;
}

/** Removes the pods the latency probe creates (also leftovers of an interrupted run). */
async function deleteLatencyPods(admin: KubeClient): Promise<void> {
  const path = `/api/v1/namespaces/${NAMESPACE}/pods`;
  if ((await countOf(admin, path).catch(() => 0)) <= PODS) return;
  const list = await admin.request<{ items: { metadata: { name: string } }[] }>(path, { timeoutMs: 60_000 });
  const extra = list.items.map((p) => p.metadata.name).filter((n) => !/^bench-pod-\d+$/.test(n));
  await mapLimited(extra, CONCURRENCY, (n) => admin.request(`${path}/${n}`, { method: 'DELETE', query: { gracePeriodSeconds: 0 } }).catch(() => undefined));
  for (let i = 0; i < 100 && (await countOf(admin, `/api/v1/namespaces/${NAMESPACE}/pods`)) > PODS; i++) await new Promise((r) => setTimeout(r, 100));
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Seeds the sandbox, drives the real UI in Chromium over browser mode, returns the figures. */
export async function benchClusters(): Promise<Record<string, number>> {
  let sandbox: Sandbox | undefined;
  const info = process.env.PIPE_SANDBOX_INFO ? readSandboxInfo() : (sandbox = await startSandbox());
  const admin = clientFor(info.runtime.adminKubeconfig);
  const dir = mkdtempSync(join(tmpdir(), 'pipe-bench-clusters-'));
  const figures: Record<string, number> = {};
  try {
    await deleteLatencyPods(admin);
    figures.seed_ms = await seed(admin);
    // Right after seeding 20,000 objects the apiservers are still busy (GC, watch fan-out): let them settle.
    if (figures.seed_ms > 5000) await new Promise((r) => setTimeout(r, 15_000));
    const { file, main } = fiveContexts(info, dir);
    const host = await startHostProcess({ env: { HOME: dir, KUBECONFIG: file } });
    const browser = await launchChromium();
    try {
      const page = await openApp(browser, host);
      const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
      await sidebar.getByRole('button', { name: new RegExp(`^${main}, namespace ${NAMESPACE}, Connected`) }).waitFor({ timeout: 60_000 });
      const markCluster = (name: string): Promise<unknown> =>
        page.evaluate(`for (const b of document.querySelectorAll('nav[aria-label="Sidebar"] button'))
          if ((b.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(name + ',')})) b.id = 'bench-cluster-' + ${JSON.stringify(name.replace(/[^a-z0-9]/gi, ''))};`);
      const tab = (title: string): string => `.main__view:not([hidden]) nav[aria-label="Resource"] button:nth-child(${['Namespaces', 'Pods', 'Events', 'PipelineRuns', 'TaskRuns'].indexOf(title) + 1})`;
      // The host keeps the current context's pods and PipelineRuns live; give its first lists time to finish.
      await page.waitForTimeout(5000);
      await markCluster(main);
      figures.pods_open_current_context_ms = Math.round(await timeToFullRender(page, `#bench-cluster-${main.replace(/[^a-z0-9]/gi, '')}`, PODS));
      figures.pipelineruns_open_current_context_ms = Math.round(await timeToFullRender(page, tab('PipelineRuns'), RUNS));
      // Cold: "All namespaces" is a list nobody keeps warm, so the host lists every object from the apiserver first.
      const allRuns = await countOf(admin, '/apis/tekton.dev/v1/pipelineruns');
      const allPods = await countOf(admin, '/api/v1/pods');
      const allNs = '.main__view:not([hidden]) .cluster-view__check input';
      figures.pipelineruns_first_full_render_cold_ms = Math.round(await timeToFullRender(page, allNs, allRuns));
      figures.pods_first_full_render_cold_ms = Math.round(await timeToFullRender(page, tab('Pods'), allPods));
      // Back to the namespace: its shared informer is live, only transfer + render remain.
      figures.pods_reopen_ms = Math.round(await timeToFullRender(page, allNs, PODS));

      // Latency: a pod created at the apiserver → its row on screen (10,000 other rows in the table).
      await page.locator(tab('Pods')).click();
      const view = page.locator('.main__view:not([hidden])');
      await view.getByRole('searchbox', { name: 'Search Pods' }).fill('bench-lat-');
      // Newest probe on top (names count up), so each new row lands in the visible window.
      await view.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
      await view.getByRole('columnheader', { name: /Name/ }).and(page.locator('[aria-sort="descending"]')).waitFor();
      await view.getByTestId('live-state').getByText('Live').waitFor();
      await page.evaluate(`window.__seen = {};
        new MutationObserver(() => {
          for (const row of document.querySelectorAll('.main__view:not([hidden]) .vtable__row')) {
            const name = row.firstElementChild?.textContent ?? '';
            if (name.startsWith('bench-lat-') && !(name in window.__seen)) window.__seen[name] = Date.now();
          }
        }).observe(document.body, { subtree: true, childList: true });`);
      const stamp = Date.now();
      const sent: Record<string, number> = {};
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const name = `bench-lat-${stamp}-${String(i).padStart(3, '0')}`;
        sent[name] = Date.now();
        await admin.request(`/api/v1/namespaces/${NAMESPACE}/pods`, {
          method: 'POST',
          body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { 'pipe-bench': 'latency' } }, spec: { nodeName: 'bench-parked', containers: [{ name: 'app', image: 'busybox' }] } },
        });
        await new Promise((r) => setTimeout(r, 80));
      }
      const deadline = Date.now() + 30_000;
      while (((await page.evaluate('Object.keys(window.__seen).length')) as number) < LATENCY_SAMPLES) {
        if (Date.now() > deadline) throw new Error('not every latency probe reached the screen within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      const seen = (await page.evaluate('window.__seen')) as Record<string, number>;
      const latencies = Object.entries(sent).map(([name, t]) => seen[name]! - t);
      figures.change_to_screen_p50_ms = percentile(latencies, 50);
      figures.change_to_screen_p95_ms = percentile(latencies, 95);
      figures.change_to_screen_max_ms = Math.max(...latencies);
      await deleteLatencyPods(admin);

      // Five clusters connected, each with a live pods view open (the main one with 10,000 pods and 10,000 runs).
      const others = (await page.evaluate(
        `Array.from(document.querySelectorAll('nav[aria-label="Sidebar"] button[aria-label*=", namespace "]')).map((b) => b.getAttribute('aria-label').split(',')[0])`,
      )) as string[];
      for (const ctx of others.filter((c) => c !== main)) {
        await page.getByRole('button', { name: new RegExp(`^${ctx},`) }).click();
        await page.getByRole('heading', { name: ctx }).waitFor();
        await page.waitForTimeout(500);
      }
      // Let the closed tab's informers pass the pool's 10 s linger before reading memory.
      await page.waitForTimeout(12_000);
      figures.clusters_connected = others.length;
      figures.host_rss_mb = rssMb(host.pid);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      figures.renderer_js_heap_mb = Math.round((heap.usedSize / 1024 / 1024) * 10) / 10;
    } finally {
      await browser.close();
      await host.stop();
      removeDataDir(host.dataDir);
    }
  } finally {
    admin.dispose();
    await sandbox?.stop();
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchClusters().then(
    (f) => {
      console.log(JSON.stringify(f, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
