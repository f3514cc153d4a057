// Log figures: search over 1M lines and the renderer-side store's size; then, against the sandbox, lines/s from one
// kwok-served container log through the host side (follower + shared log + per-frame pump) side by side with
// `kubectl logs -f --timestamps` on the same container in the same run.
// Run alone: `npx tsx bench/logs-bench.ts` (PIPE_SANDBOX_INFO reuses a running sandbox); `npm run bench -- logs`.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LogLineStore } from '../src-shared/logs/line-store';
import { compileQuery } from '../src-shared/logs/search';
import { readSandboxInfo, resolveBinaries, startSandbox, writePodLogs, type Sandbox, type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import { ContainerLogHub } from '../src-main/logs/container-log-hub';
import { kubeLogOpener } from '../src-main/logs/kube-log-opener';
import { LogPump } from '../src-main/logs/log-pump';

const LINES = 1_000_000;
const STREAM_LINES = Number(process.env.PIPE_BENCH_LOG_LINES ?? 200_000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** 1M lines in the compact store: append time, size, search times. */
export function storeFigures(): Record<string, number> {
  const heap0 = process.memoryUsage().heapUsed;
  const store = new LogLineStore();
  const t0 = performance.now();
  const batch = [];
  for (let i = 0; i < LINES; i++) {
    batch.push({ text: `2026-11-28 step[${i % 7}] ${i % 1000 === 999 ? 'ERROR' : 'info'} compiling module ${i} of the project with flags -O2 -g`, timeMs: 1_700_000_000_000 + i });
    if (batch.length === 5000) store.append(batch.splice(0));
  }
  store.append(batch);
  const appendMs = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const time = (text: string, regex: boolean): number => {
    const q = compileQuery({ text, regex, caseSensitive: false });
    if (!q.ok) throw new Error(q.error);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      store.search(q.re);
      samples.push(performance.now() - s);
    }
    return median(samples);
  };
  return {
    'store: append 1M lines (ms)': Math.round(appendMs),
    'store: 1M lines, estimated size (MB)': Math.round(store.approximateBytes() / 1e6),
    'store: 1M lines, JS heap growth (MB)': Math.round(heapMb),
    'search 1M lines, text "error" (ms, median of 5)': Math.round(time('error', false)),
    'search 1M lines, regex "module \\d+5 of" (ms, median of 5)': Math.round(time('module \\d+5 of', true)),
  };
}

async function waitRunning(info: SandboxInfo, pod: string): Promise<void> {
  const admin = clientFor(info.runtime.adminKubeconfig);
  try {
    for (let i = 0; i < 600; i++) {
      const p = await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${info.teamNamespace}/pods/${pod}`).catch(() => undefined);
      if (p?.status?.phase === 'Running') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`pod ${pod} did not start`);
  } finally {
    admin.dispose();
  }
}

/** Host path: time until all lines of the container went through follower → shared log → pump. */
async function hostLinesPerSecond(info: SandboxInfo, pod: string): Promise<number> {
  const admin = clientFor(info.runtime.adminKubeconfig);
  const hub = new ContainerLogHub({ openerFor: () => kubeLogOpener(admin) });
  try {
    const t0 = performance.now();
    let got = 0;
    await new Promise<void>((resolve) => {
      const { log, release } = hub.acquire({ context: 'bench', namespace: info.teamNamespace, pod, container: 'main' });
      const pump = new LogPump((e) => {
        if (e.type === 'lines' && (got += e.texts.length) >= STREAM_LINES) {
          pump.dispose();
          release();
          resolve();
        }
        return true;
      });
      pump.attach(0, log);
    });
    return STREAM_LINES / ((performance.now() - t0) / 1000);
  } finally {
    hub.dispose();
    admin.dispose();
  }
}

/** Anchor: `kubectl logs -f --timestamps` on the same container, until it printed every line. */
export async function kubectlLinesPerSecond(info: SandboxInfo, pod: string, container = 'main', expected = STREAM_LINES): Promise<number> {
  const kubectl = resolveBinaries().kubectl;
  if (!kubectl) throw new Error('kubectl is not built: npm run sandbox:build -- kubectl');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(kubectl, ['--kubeconfig', info.runtime.adminKubeconfig, '-n', info.teamNamespace, 'logs', '-f', '--timestamps', pod, '-c', container], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
      if (lines >= expected) {
        child.kill();
        resolve();
      }
    });
    child.on('error', reject);
    child.on('exit', () => (lines >= expected ? resolve() : reject(new Error(`kubectl exited after ${lines} lines`))));
  });
  return expected / ((performance.now() - t0) / 1000);
}

async function streamFigures(): Promise<Record<string, number>> {
  let sandbox: Sandbox | undefined;
  const info = process.env.PIPE_SANDBOX_INFO ? readSandboxInfo() : (sandbox = await startSandbox({ seed: false }));
  const admin = clientFor(info.runtime.adminKubeconfig);
  const pod = `log-bench-${Date.now().toString(36)}`;
  try {
    await admin.request(`/api/v1/namespaces/${info.teamNamespace}/pods`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod }, spec: { containers: [{ name: 'main', image: 'alpine' }], tolerations: [{ operator: 'Exists' }] } },
    });
    await writePodLogs(info, info.teamNamespace, pod, Array.from({ length: STREAM_LINES }, (_, i) => `line ${i} \u001b[32mok\u001b[0m building target ${i % 97} with some typical output text`));
    await waitRunning(info, pod);
    // Alternate and take the better of two each, in the same run, so neither side gets a warm cache the other lacks.
    const host: number[] = [];
    const kubectl: number[] = [];
    for (let i = 0; i < 2; i++) {
      kubectl.push(await kubectlLinesPerSecond(info, pod));
      host.push(await hostLinesPerSecond(info, pod));
    }
    const h = Math.max(...host);
    const k = Math.max(...kubectl);
    return {
      [`stream ${STREAM_LINES} lines: host follower+hub+pump (lines/s)`]: Math.round(h),
      [`stream ${STREAM_LINES} lines: kubectl logs -f --timestamps (lines/s)`]: Math.round(k),
      'stream: host / kubectl (%)': Math.round((h / k) * 100),
    };
  } finally {
    await admin.request(`/api/v1/namespaces/${info.teamNamespace}/pods/${pod}`, { method: 'DELETE', query: { gracePeriodSeconds: 0 } }).catch(() => undefined);
    admin.dispose();
    await sandbox?.stop();
  }
}

/** All log figures. */
export async function benchLogs(): Promise<Record<string, number>> {
  const store = storeFigures();
  return { ...store, ...(await streamFigures()) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchLogs().then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`${k}: ${v}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
