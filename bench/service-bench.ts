// pipe-events under a burst of signed deliveries against a real sandbox: steady, service SIGKILLed + restarted, runtime apiserver down 10 s.
// Run: `npm run bench -- service`. Env: PIPE_BENCH_SERVICE_SECONDS (30), PIPE_BENCH_SERVICE_RATE (200/s),
// PIPE_BENCH_SERVICE_PHASES (steady,restart,apiserver), PIPE_BENCH_SERVICE_VERBOSE=1 keeps the service logs' path on stderr.
import { Agent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { KubeClient } from '../src-service/kube/kube-client';
import type { PipelineRun } from '../src-node/kube/kube-types';
import { silentLogger } from '../src-service/log/logger';
import {
  branchPush,
  postDelivery,
  signedDelivery,
  type SignedDelivery,
} from '../src-service/testing/deliveries';
import { startFakeGithub, type FakeGithub } from '../src-service/testing/fake-github';
import { buildPipelineYaml } from '../src-service/testing/pipelines';
import { spawnService, type ServiceProcess } from '../src-service/testing/service-process';
import { freePort } from '../sandbox/ports';
import { benchServiceEnv, pct, SECRET, TOKEN } from './service-kit';

type Phase = 'steady' | 'restart' | 'apiserver';

interface PhaseResult {
  accepted: number;
  acceptedPerSecond: number;
  p50AckMs: number;
  p99AckMs: number;
  p99RunMs: number;
  lost: number;
  duplicates: number;
  redelivered: number;
}

/** One phase: a fresh namespace pair and service process, `rate`/s for `seconds`, with the phase's fault in the middle. */
async function runPhase(
  sb: Sandbox,
  gh: FakeGithub,
  phase: Phase,
  seconds: number,
  rate: number,
): Promise<PhaseResult> {
  const suffix = `${phase}-${randomBytes(2).toString('hex')}`;
  const repository = `bench/${suffix}`;
  const runtimeNs = `bench-${suffix}`;
  const runtime = KubeClient.fromAccess(
    { kubeconfig: sb.runtime.adminKubeconfig, inCluster: false },
    'runtime',
  );
  await runtime.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: runtimeNs } },
  });
  const port = await freePort();
  const env = benchServiceEnv({ sandbox: sb, gh, suffix, repository, runtimeNs, port, extra: { PIPE_EVENTS_WORKERS: '16' } });
  // PIPE_BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service process.
  const nodeArgs = (process.env.PIPE_BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const logFile = join(tmpdir(), `pipe-events-bench-${suffix}.log`);
  if (process.env.PIPE_BENCH_SERVICE_VERBOSE === '1')
    process.stderr.write(`  ${phase}: service log ${logFile}\n`);
  let service: ServiceProcess = spawnService(env, logFile, port, nodeArgs);
  await service.ready();

  // Pre-build one commit per delivery so every event lists pipelines at its own SHA.
  const total = Math.round(seconds * rate);
  const repo = gh.repo(repository);
  let prev = repo.commit({ 'README.md': 'base', '.pipe/build.yaml': buildPipelineYaml() });
  const deliveries: SignedDelivery[] = [];
  for (let i = 0; i < total; i++) {
    const next = repo.commit({ 'README.md': `v${i}`, '.pipe/build.yaml': buildPipelineYaml() });
    deliveries.push(signedDelivery(SECRET, 'push', branchPush({ repository, before: prev, after: next })));
    prev = next;
  }

  const seen = new Map<string, number>(); // delivery id → first time a run was seen
  const runsPerDelivery = new Map<string, Set<string>>();
  const informer = runtime.informer<PipelineRun>(`/apis/tekton.dev/v1/namespaces/${runtimeNs}/pipelineruns`, { logger: silentLogger });
  informer.onDidChange((type, run) => {
    const id = run.metadata.annotations?.['pipe.linecorp.com/delivery-id'];
    if (!id || type === 'DELETED') return;
    if (!seen.has(id)) seen.set(id, Date.now());
    runsPerDelivery.set(id, (runsPerDelivery.get(id) ?? new Set()).add(run.metadata.name));
  });
  informer.start();
  await informer.whenSynced();

  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  const ackBySecond = new Map<number, number[]>();
  const accepted = new Set<string>();
  const failed: SignedDelivery[] = [];
  const url = `http://127.0.0.1:${port}/webhook`;
  const start = Date.now();
  const send = async (d: SignedDelivery): Promise<void> => {
    const t = Date.now();
    if (!sentAt.has(d.id)) sentAt.set(d.id, t);
    try {
      const res = await postDelivery(url, d, agent);
      if (res.status === 202) {
        accepted.add(d.id);
        ackMs.push(Date.now() - t);
        const second = Math.floor((t - start) / 1000);
        ackBySecond.set(second, [...(ackBySecond.get(second) ?? []), Date.now() - t]);
      } else failed.push(d);
    } catch {
      failed.push(d);
    }
  };

  const inflight: Promise<void>[] = [];
  let fault: Promise<void> | undefined;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (i === Math.floor(total / 2) && phase !== 'steady') {
      fault =
        phase === 'restart'
          ? (async () => {
              await service.kill();
              service = spawnService(env, logFile, port, nodeArgs);
              await service.ready();
            })()
          : (async () => {
              await sb.stopApiserver('runtime');
              await new Promise((r) => setTimeout(r, 10_000));
              await sb.startApiserver('runtime');
            })();
    }
    inflight.push(send(deliveries[i]!));
  }
  await Promise.all(inflight);
  const sendSeconds = (Date.now() - start) / 1000;
  await fault;
  await service.ready();
  // Deliveries refused while the service was down are redelivered, as an operator (or GitHub's redeliver API) would.
  const redeliver = failed.splice(0);
  for (const d of redeliver) await send(d);

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && [...accepted].some((id) => !seen.has(id)))
    await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 2000)); // let late duplicates (if any) show up
  if (process.env.PIPE_BENCH_SERVICE_VERBOSE === '1') {
    const line = [...ackBySecond].sort(([a], [b]) => a - b).map(([sec, v]) => `${sec}s:${pct(v, 50)}`);
    process.stderr.write(`  ${phase}: p50 time to 202 by send second (ms) ${line.join(' ')}\n`);
  }
  const runMs = [...accepted].filter((id) => seen.has(id)).map((id) => seen.get(id)! - sentAt.get(id)!);
  const result: PhaseResult = {
    accepted: accepted.size,
    acceptedPerSecond: Math.round(accepted.size / sendSeconds),
    p50AckMs: pct(ackMs, 50),
    p99AckMs: pct(ackMs, 99),
    p99RunMs: pct(runMs, 99),
    lost: [...accepted].filter((id) => !seen.has(id)).length + failed.length,
    duplicates: [...runsPerDelivery.values()].reduce((n, s) => n + s.size - 1, 0),
    redelivered: redeliver.length,
  };
  await informer.dispose();
  agent.destroy();
  await service.stop();
  runtime.dispose();
  return result;
}

/** Figures for `npm run bench`. */
export async function benchService(): Promise<Record<string, number>> {
  const seconds = Number(process.env.PIPE_BENCH_SERVICE_SECONDS ?? 30);
  const rate = Number(process.env.PIPE_BENCH_SERVICE_RATE ?? 200);
  const phases = (process.env.PIPE_BENCH_SERVICE_PHASES ?? 'steady,restart,apiserver')
    .split(',')
    .map((p) => p.trim()) as Phase[];
  const sb = await startSandbox();
  const gh = await startFakeGithub({ tokens: [TOKEN] });
  const figures: Record<string, number> = {
    service_offered_rate_per_s: rate,
    service_burst_seconds: seconds,
  };
  try {
    for (const phase of phases) {
      process.stderr.write(`  service bench: ${phase} (${rate}/s × ${seconds} s)…\n`);
      const r = await runPhase(sb, gh, phase, seconds, rate);
      figures[`${phase}_accepted`] = r.accepted;
      figures[`${phase}_accepted_per_s`] = r.acceptedPerSecond;
      figures[`${phase}_p50_time_to_202_ms`] = r.p50AckMs;
      figures[`${phase}_p99_time_to_202_ms`] = r.p99AckMs;
      figures[`${phase}_p99_delivery_to_run_ms`] = r.p99RunMs;
      figures[`${phase}_lost`] = r.lost;
      figures[`${phase}_duplicates`] = r.duplicates;
      if (phase === 'restart') figures.restart_redelivered_after_refusal = r.redelivered;
    }
  } finally {
    await gh.dispose();
    await sb.stop();
  }
  return figures;
}
