// pipe-events latency when not saturated (issue 14): bursts at 20/s, 50/s and 200/s against a real sandbox — time to
// 202 and delivery → PipelineRun seen on a watch, p50/p99 — beside an anchor measured in the same run: PipelineRuns
// written straight to the runtime apiserver at the same rate (write latency, and write → seen on the same kind of watch).
// Run: `npm run bench -- service` (`-- service-rates` for this one alone). Env: PIPE_BENCH_SERVICE_RATES (20,50,200),
// PIPE_BENCH_SERVICE_RATES_SECONDS (10 per rate). Prints figures, asserts nothing.
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { KubeClient } from '../src-service/kube/kube-client';
import {
  branchPush,
  postDelivery,
  signedDelivery,
  type SignedDelivery,
} from '../src-service/testing/deliveries';
import { startFakeGithub, type FakeGithub } from '../src-service/testing/fake-github';
import { buildPipelineYaml } from '../src-service/testing/pipelines';
import { spawnService } from '../src-service/testing/service-process';
import { freePort } from '../sandbox/ports';
import { benchServiceEnv, pct, SECRET, TOKEN, watchAdded } from './service-kit';


type Run = { metadata: { name: string; annotations?: Record<string, string> } };

/** Sends `count` jobs open-loop at `rate`/s (each starts on its slot whether or not earlier ones finished). */
async function openLoop(count: number, rate: number, job: (i: number) => Promise<void>): Promise<void> {
  const start = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    all.push(job(i));
  }
  await Promise.all(all);
}

async function waitUntil(check: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!check() && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
}

async function namespace(runtime: KubeClient, name: string): Promise<void> {
  await runtime.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
}

/** The anchor: PipelineRuns POSTed straight to the runtime apiserver at `rate`/s. */
async function anchor(runtime: KubeClient, rate: number, count: number) {
  const ns = `bench-anchor-${rate}-${randomBytes(2).toString('hex')}`;
  await namespace(runtime, ns);
  const sent = new Map<string, number>();
  const seen: number[] = [];
  const path = `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`;
  const watch = await watchAdded<Run>(runtime, path, (run, at) => {
    const t = sent.get(run.metadata.name);
    if (t !== undefined) seen.push(at - t);
  });
  const write: number[] = [];
  await openLoop(count, rate, async (i) => {
    const name = `anchor-${i}`;
    const t = performance.now();
    sent.set(name, t);
    await runtime.request('POST', path, {
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'bench' } },
        spec: {
          pipelineSpec: {
            tasks: [
              {
                name: 'build',
                taskSpec: { steps: [{ name: 'build', image: 'alpine:3.20', script: 'echo building' }] },
              },
            ],
          },
        },
      },
    });
    write.push(performance.now() - t);
  });
  await waitUntil(() => seen.length >= count, 30_000);
  watch.dispose();
  await runtime.request('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
  return {
    writeP50: pct(write, 50),
    writeP99: pct(write, 99),
    seenP50: pct(seen, 50),
    seenP99: pct(seen, 99),
  };
}

/** pipe-events (its own process) receiving `count` signed pushes at `rate`/s. */
async function burst(sb: Sandbox, gh: FakeGithub, runtime: KubeClient, rate: number, count: number) {
  const suffix = `rate${rate}-${randomBytes(2).toString('hex')}`;
  const repository = `bench/${suffix}`;
  const runtimeNs = `bench-${suffix}`;
  await namespace(runtime, runtimeNs);
  const port = await freePort();
  const env = benchServiceEnv({ sandbox: sb, gh, suffix, repository, runtimeNs, port, extra: { PIPE_EVENTS_WORKERS: '16' } });
  const service = spawnService(env, join(tmpdir(), `pipe-events-bench-${suffix}.log`), port);
  await service.ready();
  const repo = gh.repo(repository);
  let prev = repo.commit({ 'README.md': 'base', '.pipe/build.yaml': buildPipelineYaml() });
  const deliveries: SignedDelivery[] = [];
  for (let i = 0; i < count; i++) {
    const next = repo.commit({ 'README.md': `v${i}`, '.pipe/build.yaml': buildPipelineYaml() });
    deliveries.push(signedDelivery(SECRET, 'push', branchPush({ repository, before: prev, after: next })));
    prev = next;
  }
  const sent = new Map<string, number>();
  const toRun = new Map<string, number>();
  const watch = await watchAdded<Run>(
    runtime,
    `/apis/tekton.dev/v1/namespaces/${runtimeNs}/pipelineruns`,
    (run, at) => {
      const id = run.metadata.annotations?.['pipe.linecorp.com/delivery-id'];
      const t = id ? sent.get(id) : undefined;
      if (id && t !== undefined && !toRun.has(id)) toRun.set(id, at - t);
    },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  // The fake GitHub serves the service from this process: a busy loop here would show up as service latency.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const acks: number[] = [];
  let refused = 0;
  const url = `http://127.0.0.1:${port}/webhook`;
  await openLoop(count, rate, async (i) => {
    const d = deliveries[i]!;
    const t = performance.now();
    sent.set(d.id, t);
    const res = await postDelivery(url, d, agent).catch(() => undefined);
    if (res?.status === 202) acks.push(performance.now() - t);
    else refused++;
  });
  await waitUntil(() => toRun.size >= acks.length, 180_000);
  loop.disable();
  watch.dispose();
  agent.destroy();
  await service.stop();
  await runtime.request('DELETE', `/api/v1/namespaces/${runtimeNs}`).catch(() => undefined);
  const runs = [...toRun.values()];
  return {
    ackP50: pct(acks, 50),
    ackP99: pct(acks, 99),
    runP50: pct(runs, 50),
    runP99: pct(runs, 99),
    missing: acks.length - runs.length,
    refused,
    benchLoopDelayP99: Math.round(loop.percentile(99) / 1e5) / 10,
  };
}

/** Figures for `npm run bench`. */
export async function benchServiceRates(): Promise<Record<string, number>> {
  const rates = (process.env.PIPE_BENCH_SERVICE_RATES ?? '20,50,200')
    .split(',')
    .map(Number)
    .filter((r) => r > 0);
  const seconds = Number(process.env.PIPE_BENCH_SERVICE_RATES_SECONDS ?? 10);
  const sb = await startSandbox({ seed: false });
  const gh = await startFakeGithub({ tokens: [TOKEN] });
  const runtime = KubeClient.fromAccess(
    { kubeconfig: sb.runtime.adminKubeconfig, inCluster: false },
    'runtime',
  );
  const f: Record<string, number> = { rates_seconds_per_rate: seconds };
  try {
    for (const rate of rates) {
      const count = Math.round(rate * seconds);
      process.stderr.write(`  service rates: anchor + pipe-events at ${rate}/s × ${seconds} s…\n`);
      // Context for reading the figures: a loaded machine slows the anchor and the service alike.
      f[`at_${rate}_per_s_machine_load_1m`] = Math.round(loadavg()[0]! * 10) / 10;
      const a = await anchor(runtime, rate, count);
      const b = await burst(sb, gh, runtime, rate, count);
      f[`at_${rate}_per_s_time_to_202_p50_ms`] = b.ackP50;
      f[`at_${rate}_per_s_time_to_202_p99_ms`] = b.ackP99;
      f[`at_${rate}_per_s_delivery_to_run_p50_ms`] = b.runP50;
      f[`at_${rate}_per_s_delivery_to_run_p99_ms`] = b.runP99;
      f[`at_${rate}_per_s_refused_or_missing`] = b.refused + b.missing;
      f[`at_${rate}_per_s_bench_process_loop_delay_p99_ms`] = b.benchLoopDelayP99;
      f[`at_${rate}_per_s_anchor_raw_write_p50_ms`] = a.writeP50;
      f[`at_${rate}_per_s_anchor_raw_write_p99_ms`] = a.writeP99;
      f[`at_${rate}_per_s_anchor_write_to_watch_p50_ms`] = a.seenP50;
      f[`at_${rate}_per_s_anchor_write_to_watch_p99_ms`] = a.seenP99;
    }
  } finally {
    runtime.dispose();
    await gh.dispose();
    await sb.stop();
  }
  return f;
}
