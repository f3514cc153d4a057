// Log figures: search over 1M lines and the renderer-side store's size; then, against the sandbox, lines/s from one
// kwok-served container log through the host side (follower + shared log + per-frame pump), and through the host's
// `logs.followContainer` handler, RpcHost and the browser-mode WebSocket into a Node client (no renderer), side by
// side with `kubectl logs -f --timestamps` on the same container in the same run; host CPU per line.
// Run alone: `npx tsx bench/logs-bench.ts` (PIPE_SANDBOX_INFO reuses a running sandbox); `npm run bench -- logs`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { LogLineStore } from '../src-shared/logs/line-store';
import { compileQuery } from '../src-shared/logs/search';
import { readSandboxInfo, resolveBinaries, startSandbox, waitForPodLog, writePodLogs, type Sandbox, type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import { ContainerLogHub } from '../src-main/logs/container-log-hub';
import { kubeLogOpener } from '../src-main/logs/kube-log-opener';
import { LogPump } from '../src-main/logs/log-pump';
import { createLogsHandlers } from '../src-main/logs/logs-handlers';
import type { ClusterRegistry } from '../src-main/clusters/cluster-registry';
import type { LogStreamOpener } from '../src-node/kube/pod-log-follower';
import type { Clock, TimerHandle } from '../src-node/time/clock';
import { RpcHost } from '../src-main/host/rpc-host';
import { startBrowserServer } from '../src-main/transports/browser-server';
import { logsContract } from '../src-shared/contract/logs';

const LINES = 1_000_000;
const STREAM_LINES = Number(process.env.PIPE_BENCH_LOG_LINES ?? 200_000);
/** Alternating rounds of each side; the best of each is reported (the machine is shared and noisy). */
const ROUNDS = Math.max(1, Number(process.env.PIPE_BENCH_LOG_ROUNDS) || 3);

const round1 = (x: number): number => Math.round(x * 10) / 10;

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

/** A pod log as the apiserver sends it with `timestamps=true` (kubelet's nanosecond stamps), in 16 KiB chunks. */
function recordedLog(lines: number): Buffer[] {
  const t0 = Date.parse('2026-11-28T10:00:00Z');
  const text = Array.from({ length: lines }, (_, i) => {
    const ns = String((i * 7919) % 1e9).padStart(9, '0');
    return `${new Date(t0 + Math.floor(i / 50) * 1000).toISOString().slice(0, 19)}.${ns}Z line ${i} \u001b[32mok\u001b[0m building target ${i % 97} with some typical output text\n`;
  }).join('');
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 16 * 1024) chunks.push(bytes.subarray(at, at + 16 * 1024));
  return chunks;
}

/** Timers on the next macrotask: the pump's frames cost CPU only, so a replay measures the code, not the frame rate. */
const immediateClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn) => setImmediate(fn) as unknown as TimerHandle,
  clearTimeout: (h) => h !== undefined && clearImmediate(h as unknown as NodeJS.Immediate),
};

/**
 * The host's log code alone, without kwok or the network: a recorded log replayed from memory through follower →
 * shared log → pump, beside the least any reader does with the same bytes (TextDecoder + split). CPU time of this
 * process per line, the least of 7 rounds (on a loaded machine CPU time says more than wall time).
 */
export async function replayFigures(lines = STREAM_LINES): Promise<Record<string, number>> {
  const chunks = recordedLog(lines);
  const opener: LogStreamOpener = {
    open: async () =>
      (async function* () {
        yield* chunks;
      })(),
  };
  const cpuMicros = async (work: () => Promise<void> | void): Promise<number> => {
    const c0 = process.cpuUsage();
    await work();
    const c = process.cpuUsage(c0);
    return c.user + c.system;
  };
  const host: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 7; i++) {
    floor.push(
      await cpuMicros(() => {
        const decoder = new TextDecoder();
        let n = 0;
        for (const c of chunks) n += decoder.decode(c, { stream: true }).split('\n').length - 1;
        if (n !== lines) throw new Error(`split ${n} lines`);
      }),
    );
    const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediateClock });
    host.push(
      await cpuMicros(
        () =>
          new Promise<void>((resolve) => {
            let got = 0;
            const { log, release } = hub.acquire({ context: 'replay', namespace: 'n', pod: 'p', container: 'c' });
            log.finish();
            const pump = new LogPump(
              (e) => {
                if (e.type === 'lines' && (got += e.texts.length) >= lines) {
                  pump.dispose();
                  release();
                  resolve();
                }
                return true;
              },
              { clock: immediateClock },
            );
            pump.attach(0, log);
          }),
      ),
    );
    hub.dispose();
  }
  const h = Math.min(...host) / lines;
  const f = Math.min(...floor) / lines;
  return {
    [`replay ${lines} lines from memory: follower+shared log+pump (CPU µs per line, least of 7)`]: Math.round(h * 100) / 100,
    [`replay ${lines} lines from memory: anchor, TextDecoder + split only (CPU µs per line, least of 7)`]: Math.round(f * 100) / 100,
    'replay: host code / anchor (CPU, ×)': Math.round((h / f) * 10) / 10,
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

/** A host path's rate and the CPU this process spent per line on it (user + system, µs). */
interface HostRate {
  readonly linesPerSecond: number;
  readonly cpuMicrosPerLine: number;
}

async function measured(work: () => Promise<void>): Promise<HostRate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { linesPerSecond: STREAM_LINES / (ms / 1000), cpuMicrosPerLine: (cpu.user + cpu.system) / STREAM_LINES };
}

/** Host path: time until all lines of the container went through follower → shared log → pump. */
async function hostLinesPerSecond(info: SandboxInfo, pod: string): Promise<HostRate> {
  const admin = clientFor(info.runtime.adminKubeconfig);
  const hub = new ContainerLogHub({ openerFor: () => kubeLogOpener(admin) });
  try {
    return await measured(() => followThroughPump(hub, info, pod));
  } finally {
    hub.dispose();
    admin.dispose();
  }
}

function followThroughPump(hub: ContainerLogHub, info: SandboxInfo, pod: string): Promise<void> {
  let got = 0;
  return new Promise<void>((resolve) => {
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
}

/**
 * Host and transport: `logs.followContainer` (the app's handler) → RpcHost (8 ms batches) → the browser-mode
 * WebSocket server → a Node WebSocket client that parses every message, until it counted every line.
 */
async function transportLinesPerSecond(info: SandboxInfo, pod: string): Promise<HostRate> {
  const admin = clientFor(info.runtime.adminKubeconfig);
  const hub = new ContainerLogHub({ openerFor: () => kubeLogOpener(admin) });
  const registry = { handle: () => ({ client: admin }) } as unknown as ClusterRegistry;
  const rpc = new RpcHost({ logs: logsContract }, { logs: createLogsHandlers({ registry, hub }) });
  const rendererDir = mkdtempSync(join(tmpdir(), 'pipe-logs-bench-'));
  const server = await startBrowserServer(rpc, { port: 0, rendererDir, secret: 'bench-secret', hostName: 'pipe-bench.localhost' });
  try {
    return await measured(() => readOverWebSocket(server.port, info, pod));
  } finally {
    await server.close();
    hub.dispose();
    admin.dispose();
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

async function readOverWebSocket(port: number, info: SandboxInfo, pod: string): Promise<void> {
  const authority = `pipe-bench.localhost:${port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=bench-secret`, { headers: { host: authority, origin: `http://${authority}` } });
  try {
    await new Promise<void>((resolve, reject) => {
      let got = 0;
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ t: 'sub', id: 1, method: 'logs.followContainer', args: { context: 'bench', namespace: info.teamNamespace, pod, container: 'main' } })));
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as { t: string; events?: { type: string; texts?: string[] }[]; error?: { message: string } };
        if (m.t === 'error' || m.t === 'end') reject(new Error(m.error?.message ?? 'the stream ended early'));
        for (const e of m.events ?? []) if (e.type === 'lines' && (got += e.texts!.length) >= STREAM_LINES) resolve();
      });
    });
  } finally {
    ws.close();
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
    const lines = Array.from({ length: STREAM_LINES }, (_, i) => `line ${i} \u001b[32mok\u001b[0m building target ${i % 97} with some typical output text`);
    await writePodLogs(info, info.teamNamespace, pod, lines);
    await waitRunning(info, pod);
    // Measure the pod's own file, not kwok's default line (kwok sees the Logs object through its own watch).
    await waitForPodLog(info, info.teamNamespace, pod, lines[0]!);
    // Alternate and take the better of two each, in the same run, so neither side gets a warm cache the other lacks.
    const host: HostRate[] = [];
    const transport: HostRate[] = [];
    const kubectl: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      kubectl.push(await kubectlLinesPerSecond(info, pod));
      host.push(await hostLinesPerSecond(info, pod));
      transport.push(await transportLinesPerSecond(info, pod));
    }
    const best = (rs: HostRate[]): HostRate => rs.reduce((a, b) => (b.linesPerSecond > a.linesPerSecond ? b : a));
    const h = best(host);
    const t = best(transport);
    const k = Math.max(...kubectl);
    return {
      [`stream ${STREAM_LINES} lines: host follower+hub+pump (lines/s)`]: Math.round(h.linesPerSecond),
      [`stream ${STREAM_LINES} lines: host handler+RpcHost+WebSocket → Node client (lines/s)`]: Math.round(t.linesPerSecond),
      [`stream ${STREAM_LINES} lines: kubectl logs -f --timestamps (lines/s)`]: Math.round(k),
      'stream: host / kubectl (%)': Math.round((h.linesPerSecond / k) * 100),
      'stream: host+WebSocket / kubectl (%)': Math.round((t.linesPerSecond / k) * 100),
      'stream: host CPU per line, follower+hub+pump (µs, median)': round1(median(host.map((r) => r.cpuMicrosPerLine))),
      'stream: CPU per line, host+WebSocket+client in one process (µs, median)': round1(median(transport.map((r) => r.cpuMicrosPerLine))),
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
  const replay = await replayFigures();
  return { ...store, ...replay, ...(await streamFigures()) };
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
