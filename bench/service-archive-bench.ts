// Archive throughput: pipe-events (a child process, as deployed) archives one finished run whose step log is 200 MB
// (kwok serves it through the real apiserver) into the sandbox's S3 server (gofakes3), while its memory is sampled.
// Anchor, same run: the same pod log read raw through the apiserver to /dev/null. Env: PIPE_BENCH_ARCHIVE_MB (200).
// Run: `npm run bench -- service-archive` (needs `npx tsx sandbox/build-binaries.ts gofakes3`).
import { createWriteStream, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, startS3Server, waitForPodLog } from '../sandbox/index';
import { applyObjects, loadKubeConfig } from '../sandbox/kube';
import { criLogLine } from '../sandbox/kwok';
import { freePort } from '../sandbox/ports';
import type { PipelineRun } from '../src-node/kube/kube-types';
import { ARCHIVED_ANNOTATION } from '../src-service/archive/archive-keys';
import { KubeClient } from '../src-service/kube/kube-client';
import { INSTANCE_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../src-service/runtime/run-metadata';
import { startFakeGithub } from '../src-service/testing/fake-github';
import { sandboxServiceEnv } from '../src-service/testing/service-env';
import { spawnService } from '../src-service/testing/service-process';

const NS = 'bench-archive';
const RUN = 'bench-archive-run';
const POD = `${RUN}-build-pod`;
const CONTAINER = 'step-build';

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Writes a CRI log whose payload (what `kubectl logs` prints) is about `mb` MB of varied build-like lines; returns the first. */
async function writeLog(file: string, mb: number): Promise<string> {
  const out = createWriteStream(file);
  const at = new Date();
  const target = mb * 1024 * 1024;
  let written = 0;
  let first = '';
  for (let i = 0; written < target; i++) {
    const text = `[${String(i).padStart(8, '0')}] compiling module-${i % 997}/src/file-${i % 31}.ts ${randomBytes(12).toString('hex')} ok`;
    if (i === 0) first = text;
    written += Buffer.byteLength(text) + 1;
    if (!out.write(criLogLine(text, 'stdout', at))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return first;
}

async function until<T>(fn: () => Promise<T | undefined>, ms: number, what: string, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Figures: archive MB/s and service RSS during it, next to the raw pod-log read (anchor). */
export async function benchServiceArchive(): Promise<Record<string, number>> {
  const mb = Number(process.env.PIPE_BENCH_ARCHIVE_MB ?? 200);
  const sandbox = await startSandbox({ seed: false });
  const s3 = await startS3Server({ dir: join(sandbox.dir, 's3') });
  const gh = await startFakeGithub({ tokens: ['ghp_bench'] });
  const rt = KubeClient.fromAccess({ kubeconfig: sandbox.runtime.adminKubeconfig, inCluster: false }, 'runtime');
  let service: ReturnType<typeof spawnService> | undefined;
  try {
    await rt.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    const file = join(sandbox.kwok.logsDir, `${NS}_${POD}_${CONTAINER}.log`);
    const firstLine = await writeLog(file, mb);
    await applyObjects(loadKubeConfig(sandbox.runtime.adminKubeconfig), [
      { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: POD, namespace: NS }, spec: { logs: [{ containers: [CONTAINER], logsFile: file, follow: false }] } } as never,
    ]);
    await rt.request('POST', `/api/v1/namespaces/${NS}/pods`, {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: POD, namespace: NS }, spec: { containers: [{ name: CONTAINER, image: 'alpine' }] } },
    });
    const logPath = `/api/v1/namespaces/${NS}/pods/${POD}/log`;
    // Measure the pod's own file, not kwok's default line: the pod Running, then kwok serving its Logs object.
    await until(async () => ((await rt.request<{ status?: { phase?: string } }>('GET', `/api/v1/namespaces/${NS}/pods/${POD}`)).status?.phase === 'Running' ? true : undefined), 120_000, 'the pod to run', 200);
    await waitForPodLog(sandbox, NS, POD, firstLine, { container: CONTAINER });
    // Anchor: the raw pod log through the apiserver, bytes counted and dropped.
    const anchorBytes = await until(async () => {
      const t0 = performance.now();
      let n = 0;
      for await (const c of await rt.stream(logPath, { query: { container: CONTAINER } })) n += (c as Buffer).length;
      return n > 0 ? { n, ms: performance.now() - t0 } : undefined;
    }, 120_000, 'the pod log to be served', 500);

    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [INSTANCE_LABEL]: 'bench-archive' };
    await rt.request('POST', `/apis/tekton.dev/v1/namespaces/${NS}/pipelineruns`, {
      body: { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: RUN, namespace: NS, labels }, spec: { pipelineSpec: { tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'build', image: 'alpine', script: 'make' }] } }] } } },
    });
    const tr = `${RUN}-build`;
    await rt.request('POST', `/apis/tekton.dev/v1/namespaces/${NS}/taskruns`, {
      body: { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: tr, namespace: NS, labels: { 'tekton.dev/pipelineRun': RUN, 'tekton.dev/pipelineTask': 'build' } }, spec: { taskSpec: { steps: [{ name: 'build', image: 'alpine', script: 'make' }] } } },
    });
    await rt.request('PATCH', `/apis/tekton.dev/v1/namespaces/${NS}/taskruns/${tr}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { podName: POD, steps: [{ name: 'build', container: CONTAINER }] } },
    });

    const serviceLog = join(tmpdir(), `pipe-events-archive-bench-${process.pid}.log`);
    process.stderr.write(`service log: ${serviceLog}\n`);
    const port = await freePort();
    const metricsPort = await freePort();
    service = spawnService(
      sandboxServiceEnv({
        sandbox,
        githubUrl: gh.url,
        webhookSecret: 'bench-webhook-secret',
        githubToken: 'ghp_bench',
        port,
        metricsPort,
        eventNamespace: 'bench-archive-events',
        instance: 'bench-archive',
        identity: 'bench-archive',
        extra: {
          PIPE_EVENTS_ARCHIVE_BUCKET: s3.bucket,
          PIPE_EVENTS_ARCHIVE_ENDPOINT: s3.endpoint,
          PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID: s3.accessKeyId,
          PIPE_EVENTS_ARCHIVE_SECRET_ACCESS_KEY: s3.secretAccessKey,
        },
      }),
      serviceLog,
      metricsPort,
    );
    await service.ready(300_000);
    await new Promise((r) => setTimeout(r, 3000)); // leader elected, run watch synced
    const baseline = rssMb(service.pid);
    let peak = baseline;
    const pid = service.pid;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const now = new Date().toISOString();
    const t0 = performance.now();
    await rt.request('PATCH', `/apis/tekton.dev/v1/namespaces/${NS}/pipelineruns/${RUN}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { startTime: now, completionTime: now, conditions: [{ type: 'Succeeded', status: 'True', reason: 'Succeeded', lastTransitionTime: now }] } },
    });
    await until(async () => (await rt.request<PipelineRun>('GET', `/apis/tekton.dev/v1/namespaces/${NS}/pipelineruns/${RUN}`)).metadata.annotations?.[ARCHIVED_ANNOTATION], 900_000, 'the run to be archived');
    const archiveMs = performance.now() - t0;
    clearInterval(sampler);
    const gz = (await readS3Size(s3.endpoint, s3.bucket, `default/${NS}/${RUN}/build/build.log.gz`)) ?? 0;
    const mib = anchorBytes.n / 1024 / 1024;
    return {
      'log size (MiB)': Math.round(mib),
      'archive throughput (MiB/s)': Math.round((mib / (archiveMs / 1000)) * 10) / 10,
      'anchor: raw pod-log read to /dev/null (MiB/s)': Math.round((mib / (anchorBytes.ms / 1000)) * 10) / 10,
      'archived object (gzip, MiB)': Math.round((gz / 1024 / 1024) * 10) / 10,
      'service RSS before (MiB)': Math.round(baseline),
      'service RSS peak during archive (MiB)': Math.round(peak),
    };
  } finally {
    await service?.stop();
    rt.dispose();
    await gh.dispose();
    await s3.dispose();
    await sandbox.stop();
  }
}

async function readS3Size(endpoint: string, bucket: string, key: string): Promise<number | undefined> {
  const res = await fetch(`${endpoint}/${bucket}/${key}`, { method: 'HEAD' });
  const n = Number(res.headers.get('content-length'));
  return res.ok && Number.isFinite(n) ? n : undefined;
}
