// Schedule firing lateness across a leader change (issue 14): two pipe-events processes, N pipelines on `* * * * *`;
// the leader is SIGKILLed 10 s before a minute, so that minute's ticks wait for the lease to expire and the other
// replica to take over and catch up. Lateness = tick event seen on a watch − its scheduled minute. Anchor, same run:
// an object written straight to the core apiserver → seen on the same kind of watch.
// Run: `npm run bench -- service`. Env: PIPE_BENCH_SERVICE_SCHEDULE_PIPELINES
// (20). Takes about 4 minutes (real minutes). Prints figures, asserts nothing.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/index';
import { KubeClient } from '../src-service/kube/kube-client';
import { startFakeGithub } from '../src-service/testing/fake-github';
import { buildPipelineYaml } from '../src-service/testing/pipelines';
import { spawnService, type ServiceProcess } from '../src-service/testing/service-process';
import { freePort } from '../sandbox/ports';
import { benchServiceEnv, pct, TOKEN, watchAdded } from './service-kit';

const MIN = 60_000;

type Tick = { metadata: { name: string }; spec: { schedule?: { pipeline: string; scheduledAt: string } } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/** Wall-clock ms of a performance.now() reading (one clock for the whole bench). */
const wall = (perfMs: number) => performance.timeOrigin + perfMs;

/** Figures for `npm run bench`. */
export async function benchServiceSchedule(): Promise<Record<string, number>> {
  const pipelines = Number(process.env.PIPE_BENCH_SERVICE_SCHEDULE_PIPELINES ?? 20);
  const sb = await startSandbox({ seed: false });
  const gh = await startFakeGithub({ tokens: [TOKEN] });
  const core = KubeClient.fromAccess({ kubeconfig: sb.core.adminKubeconfig, inCluster: false }, 'core');
  const runtime = KubeClient.fromAccess(
    { kubeconfig: sb.runtime.adminKubeconfig, inCluster: false },
    'runtime',
  );
  const suffix = `sched-${randomBytes(2).toString('hex')}`;
  const eventNs = `pipe-events-${suffix}`;
  const repository = `bench/${suffix}`;
  const files: Record<string, string> = {};
  for (let i = 0; i < pipelines; i++)
    files[`.pipe/p${i}.yaml`] = buildPipelineYaml({
      name: `p${i}`,
      on: 'schedule:\n  - cron: "* * * * *"',
      params: ['revision'],
    });
  gh.repo(repository).commit(files);
  await runtime.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${suffix}` } },
  });

  const replicas: { identity: string; proc: ServiceProcess }[] = [];
  const start = async (identity: string) => {
    const port = await freePort();
    const proc = spawnService(
      benchServiceEnv({ sandbox: sb, gh, suffix, repository, runtimeNs: `bench-${suffix}`, port, identity }),
      join(tmpdir(), `pipe-events-bench-${suffix}-${identity}.log`),
      port,
    );
    await proc.ready();
    replicas.push({ identity, proc });
  };
  const f: Record<string, number> = { schedule_pipelines_every_minute: pipelines };
  try {
    await start('replica-a');
    await start('replica-b');
    const seen = new Map<string, { pipeline: string; minute: number; lateMs: number }>();
    const watch = await watchAdded<Tick>(
      core,
      `/apis/pipe.linecorp.com/v1alpha1/namespaces/${eventNs}/githubevents`,
      (e, at) => {
        const s = e.spec.schedule;
        if (s && !seen.has(e.metadata.name)) {
          const minute = Date.parse(s.scheduledAt);
          seen.set(e.metadata.name, { pipeline: s.pipeline, minute, lateMs: wall(at) - minute });
        }
      },
    );
    // Anchor: ConfigMaps written to the core apiserver → seen on a watch.
    const anchorSent = new Map<string, number>();
    const anchorSeen: number[] = [];
    const anchorWatch = await watchAdded<{ metadata: { name: string } }>(
      core,
      `/api/v1/namespaces/${eventNs}/configmaps`,
      (cm, at) => {
        const t = anchorSent.get(cm.metadata.name);
        if (t !== undefined) anchorSeen.push(at - t);
      },
    );
    for (let i = 0; i < 20; i++) {
      const name = `anchor-${i}`;
      anchorSent.set(name, performance.now());
      await core.request('POST', `/api/v1/namespaces/${eventNs}/configmaps`, {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } },
      });
    }

    // One full steady minute first, then kill the leader 10 s before the next minute.
    const now = wall(performance.now());
    const steadyMinute = Math.ceil(now / MIN) * MIN + MIN;
    const killAt = steadyMinute + MIN - 10_000;
    process.stderr.write(
      `  service schedule: steady minute ${new Date(steadyMinute).toISOString()}, leader kill at ${new Date(killAt).toISOString()}…\n`,
    );
    await sleep(killAt - wall(performance.now()));
    const lease = await core.request<{ spec: { holderIdentity?: string } }>(
      'GET',
      `/apis/coordination.k8s.io/v1/namespaces/${eventNs}/leases/pipe-events-leader`,
    );
    const leader = replicas.find((r) => r.identity === lease.spec.holderIdentity);
    await leader?.proc.kill();
    const changeMinute = steadyMinute + MIN;
    // The minute after the change, plus time for the catch-up of the last one.
    await sleep(changeMinute + 2 * MIN + 15_000 - wall(performance.now()));
    watch.dispose();
    anchorWatch.dispose();

    const ticks = [...seen.values()];
    const at = (m: number) => ticks.filter((t) => t.minute === m).map((t) => t.lateMs);
    const steady = [...at(steadyMinute - MIN), ...at(steadyMinute)];
    const change = at(changeMinute);
    const after = at(changeMinute + MIN);
    f.schedule_leader_killed = leader ? 1 : 0;
    f.schedule_steady_lateness_p50_ms = pct(steady, 50);
    f.schedule_steady_lateness_p99_ms = pct(steady, 99);
    f.schedule_across_leader_change_lateness_p50_ms = pct(change, 50);
    f.schedule_across_leader_change_lateness_p99_ms = pct(change, 99);
    f.schedule_minute_after_change_lateness_p99_ms = pct(after, 99);
    f.schedule_ticks_expected_in_change_minute = pipelines;
    f.schedule_ticks_fired_in_change_minute = change.length;
    f.schedule_anchor_core_write_to_watch_p50_ms = pct(anchorSeen, 50);
    f.schedule_anchor_core_write_to_watch_p99_ms = pct(anchorSeen, 99);
  } finally {
    for (const r of replicas) await r.proc.stop().catch(() => undefined);
    core.dispose();
    runtime.dispose();
    await gh.dispose();
    await sb.stop();
  }
  return f;
}
