// Archived logs end to end: Tekton's real controller runs PipelineRuns on kwok, pipe-events (leader) archives every
// step log into the sandbox's real S3 server (gofakes3); the bytes in the bucket equal the pod logs. S3 down → the
// archive waits, reports the cause, webhook readiness stays up; S3 back → archived late, nothing lost.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, startSandbox, waitForKwokLogs, type S3Server, type Sandbox } from '../sandbox/index';
import { applyObjects, loadKubeConfig } from '../sandbox/kube';
import { COMPLETE_AFTER_ANNOTATION, criLogLine } from '../sandbox/kwok';
import type { KubeObject, PipelineRun } from '../src-node/kube/kube-types';
import { ARCHIVED_ANNOTATION, parseArchiveIndex, type ArchiveIndex } from './archive/archive-keys';
import { S3ArchiveStore } from './archive/archive-store';
import { INSTANCE_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './runtime/run-metadata';
import { startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

let sandbox: Sandbox;
let s3: S3Server;
let h: Harness;
let store: S3ArchiveStore;
const PREFIX = 'it/';

beforeAll(async () => {
  // Runs must really finish (Tekton's controller), and S3 goes down mid-test: a sandbox and an S3 server of its own.
  sandbox = await startSandbox({ tektonController: true, seed: false });
  s3 = await startS3Server({ dir: join(sandbox.dir, 's3') });
  const archiveEnv = {
    PIPE_EVENTS_ARCHIVE_BUCKET: s3.bucket,
    PIPE_EVENTS_ARCHIVE_PREFIX: PREFIX,
    PIPE_EVENTS_ARCHIVE_ENDPOINT: s3.endpoint,
    PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID: s3.accessKeyId,
    PIPE_EVENTS_ARCHIVE_SECRET_ACCESS_KEY: s3.secretAccessKey,
    PIPE_EVENTS_ARCHIVE_MAX_LAG_SECONDS: '1',
    PIPE_EVENTS_ARCHIVE_MAX_BACKOFF_SECONDS: '2',
  };
  h = await startHarness({ sandbox, env: archiveEnv });
  // Tekton's controller runs pods as the namespace's `default` service account (the sandbox has no SA controller).
  await h.runtime.request('POST', `/api/v1/namespaces/${h.runtimeNamespace}/serviceaccounts`, {
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
  });
  store = new S3ArchiveStore({ ...archiveConfig(), prefix: PREFIX });
}, 300_000);

afterAll(async () => {
  store?.dispose();
  await h?.stop();
  await s3?.dispose();
  await sandbox?.stop();
}, 90_000);

function archiveConfig() {
  return {
    bucket: s3.bucket,
    prefix: PREFIX,
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    retentionDays: 0,
    concurrency: 1,
    maxLagSeconds: 1,
    maxBackoffSeconds: 2,
  };
}

interface Step {
  readonly task: string;
  readonly pod: string;
  readonly container: string;
}

/** Writes CRI log files + kwok Logs objects for every step container, waits until kwok has them, then creates a managed PipelineRun. */
async function startRun(
  name: string,
  tasks: readonly { name: string; steps: readonly string[]; lines: (i: number) => string; count: number }[],
): Promise<Step[]> {
  const ns = h.runtimeNamespace;
  const steps: Step[] = [];
  const logs: KubeObject[] = [];
  for (const t of tasks) {
    const pod = `${name}-${t.name}-pod`;
    const entries = [];
    for (const s of t.steps) {
      const container = `step-${s}`;
      const file = join(sandbox.kwok.logsDir, `${ns}_${pod}_${container}.log`);
      const at = new Date();
      await writeFile(
        file,
        Array.from({ length: t.count }, (_, i) =>
          criLogLine(`${t.name}/${s} ${t.lines(i)}`, i % 7 === 3 ? 'stderr' : 'stdout', at),
        ).join(''),
      );
      entries.push({ containers: [container], logsFile: file, follow: true });
      steps.push({ task: t.name, pod, container });
    }
    logs.push({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod, namespace: ns },
      spec: { logs: entries },
    } as KubeObject);
  }
  await applyObjects(loadKubeConfig(sandbox.runtime.adminKubeconfig), logs as never);
  // kwok sees Logs objects through its own watch: before the run's pods exist, it must know them all (else a pod
  // could be archived with kwok's default line).
  await waitForKwokLogs(sandbox, ns);
  await h.runtime.request('POST', `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`, {
    body: {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        name,
        namespace: ns,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [INSTANCE_LABEL]: h.eventNamespace },
      },
      spec: {
        pipelineSpec: {
          tasks: tasks.map((t) => ({
            name: t.name,
            taskSpec: {
              metadata: { annotations: { [COMPLETE_AFTER_ANNOTATION]: '2s' } },
              steps: t.steps.map((s) => ({ name: s, image: 'alpine', script: 'echo hi' })),
            },
          })),
        },
      },
    },
  });
  return steps;
}

async function getRun(name: string): Promise<PipelineRun> {
  return h.runtime.request<PipelineRun>(
    'GET',
    `/apis/tekton.dev/v1/namespaces/${h.runtimeNamespace}/pipelineruns/${name}`,
  );
}

async function podLog(pod: string, container: string): Promise<Buffer> {
  const res = await h.runtime.stream(`/api/v1/namespaces/${h.runtimeNamespace}/pods/${pod}/log`, {
    query: { container },
  });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readObject(key: string): Promise<Buffer> {
  const obj = await store.open(key);
  if (!obj) throw new Error(`missing object ${key}`);
  const chunks: Buffer[] = [];
  for await (const c of obj.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function expectArchiveEqualsPods(name: string, steps: readonly Step[]): Promise<ArchiveIndex> {
  const run = await getRun(name);
  const key = run.metadata.annotations![ARCHIVED_ANNOTATION]!;
  expect(key).toBe(`${PREFIX}default/${h.runtimeNamespace}/${name}/index.json`);
  const index = parseArchiveIndex((await readObject(key)).toString('utf8'));
  expect(index).toMatchObject({
    cluster: 'default',
    namespace: h.runtimeNamespace,
    run: name,
    uid: run.metadata.uid,
  });
  expect(index.steps.map((s) => `${s.task}/${s.container}@${s.pod}`).sort()).toEqual(
    steps.map((s) => `${s.task}/${s.container}@${s.pod}`).sort(),
  );
  for (const s of index.steps) {
    expect(s.missing, `${s.pod}/${s.container}`).toBeUndefined();
    const archived = gunzipSync(await readObject(s.key!));
    const live = await podLog(s.pod, s.container);
    expect(live.length).toBeGreaterThan(0);
    expect(archived.length, `${s.key}`).toBe(live.length);
    expect(archived.equals(live), `${s.key} byte-identical`).toBe(true);
    expect(s.bytes).toBe(live.length);
  }
  return index;
}

async function metricsText(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`);
  return res.text();
}

describe('archived logs (Tekton on kwok, gofakes3)', () => {
  it('archives every step log of a finished run, byte-identical to the pod logs, with an index and the run marked', async () => {
    const name = `arch-${Date.now().toString(36)}`;
    const steps = await startRun(name, [
      // ~6.5 MB in one step: more than one 5 MiB multipart part.
      {
        name: 'build',
        steps: ['compile', 'package'],
        count: 60_000,
        lines: (i) => `line ${i} ${'x'.repeat(90)} \u001b[32mok\u001b[0m ünïcødé`,
      },
      { name: 'test', steps: ['unit'], count: 50, lines: (i) => `test ${i}` },
    ]);
    await waitUntil(
      async () => (await getRun(name)).metadata.annotations?.[ARCHIVED_ANNOTATION],
      'the run to finish and be archived',
      180_000,
    );
    const index = await expectArchiveEqualsPods(name, steps);
    expect(index.outcome).toBe('Succeeded');
    expect(index.steps.find((s) => s.container === 'step-compile')!.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(await metricsText()).toMatch(/^pipe_events_archive_runs_total 1$/m);
  });

  it('S3 down: the archive waits and says why (readiness of intake unaffected); S3 back: archived late, nothing lost', async () => {
    await s3.stop();
    const name = `arch-down-${Date.now().toString(36)}`;
    const steps = await startRun(name, [
      { name: 'only', steps: ['a', 'b'], count: 2_000, lines: (i) => `down ${i}` },
    ]);
    await waitUntil(
      async () => /^pipe_events_archive_blocked\{cause="s3"\} 1$/m.test(await metricsText()),
      'the archive to report S3 failing',
      180_000,
    );
    const archiveReady = await waitUntil(async () => {
      const res = await fetch(`http://127.0.0.1:${h.service.metricsPort}/readyz/archive`);
      return res.status === 503 ? ((await res.json()) as { message: string }) : undefined;
    }, '/readyz/archive to turn 503');
    expect(archiveReady.message).toMatch(/archive \d+ s behind, 1 run\(s\) waiting \(s3 failing: /);
    expect((await fetch(`http://127.0.0.1:${h.service.metricsPort}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${h.service.port}/readyz`)).status).toBe(200);
    expect((await getRun(name)).metadata.annotations?.[ARCHIVED_ANNOTATION]).toBeUndefined();

    await s3.start();
    await waitUntil(
      async () => (await getRun(name)).metadata.annotations?.[ARCHIVED_ANNOTATION],
      'the run to be archived after S3 came back',
      60_000,
    );
    await expectArchiveEqualsPods(name, steps);
    await waitUntil(
      async () => /^pipe_events_archive_blocked\{cause="s3"\} 0$/m.test(await metricsText()),
      'the blocked gauge to clear',
      10_000,
    );
    expect((await fetch(`http://127.0.0.1:${h.service.metricsPort}/readyz/archive`)).status).toBe(200);
  });
});
