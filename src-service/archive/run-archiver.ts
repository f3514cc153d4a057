// Archives one finished PipelineRun: every step container of every TaskRun attempt, streamed pod log → gzip → object,
// then the run's index. Nothing is held whole in memory: the log flows through with backpressure, one part at a time.
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { KubeList, PipelineRun } from '../../src-node/kube/kube-types';
import { logPlan, type LogSource } from '../../src-shared/runs/log-plan';
import type { PipelineRun as TektonPipelineRun, TaskRun } from '../../src-shared/runs/tekton-types';
import type { KubeClient } from '../kube/kube-client';
import { indexKey, stepLogKey, type ArchivedStep, type ArchiveIndex, type RunRef } from './archive-keys';
import type { ArchiveStore } from './archive-store';

/** One step container to archive. */
export type StepSource = Pick<LogSource, 'task' | 'taskRun' | 'attempt' | 'pod' | 'step' | 'container'>;

/** Every step container of a run (the desktop's reading order: tasks, then finally; earlier attempts first). */
export function stepSources(run: PipelineRun, taskRuns: readonly TaskRun[]): StepSource[] {
  return logPlan(run as unknown as TektonPipelineRun, taskRuns).filter((s) => s.kind === undefined);
}

/** Counts bytes flowing through. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** What archiving one run needs. */
export interface RunArchiveDeps {
  readonly client: KubeClient;
  readonly store: ArchiveStore;
  readonly now: () => Date;
  readonly signal?: AbortSignal;
  /** Called with uncompressed bytes as each step finishes (metrics). */
  readonly onStep?: (step: ArchivedStep) => void;
}

/** The run's Succeeded condition, when the run has finished (True or False). */
export function finishedOutcome(run: PipelineRun): string | undefined {
  const c = run.status?.conditions?.find((x) => x.type === 'Succeeded');
  return c && c.status !== 'Unknown' ? (c.reason ?? (c.status === 'True' ? 'Succeeded' : 'Failed')) : undefined;
}

async function archiveStep(deps: RunArchiveDeps, ref: RunRef, ns: string, s: StepSource): Promise<ArchivedStep> {
  const base = { task: s.task, taskRun: s.taskRun, attempt: s.attempt, pod: s.pod, step: s.step, container: s.container };
  let log;
  try {
    log = await deps.client.stream(`/api/v1/namespaces/${ns}/pods/${s.pod}/log`, {
      query: { container: s.container },
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (err) {
    // The pod (or its container) is gone: nothing can ever be read again, so record that instead of retrying forever.
    if (isKubeError(err, 'NotFound') || (isKubeError(err) && err.status === 400))
      return { ...base, bytes: 0, missing: (err as Error).message.slice(0, 300) };
    throw err;
  }
  const key = stepLogKey(deps.store.prefix, ref, s.task, s.step, s.attempt);
  const counter = new ByteCounter();
  const body = new PassThrough();
  const upload = deps.store.upload(key, body, 'application/gzip', deps.signal);
  // Errors of either side end both: a broken log stream must not leave a half upload pending, nor the reverse.
  const flow = pipeline(log, counter, createGzip(), body);
  const [flowResult, uploadResult] = await Promise.allSettled([flow, upload]);
  if (flowResult.status === 'rejected') {
    body.destroy();
    throw flowResult.reason;
  }
  if (uploadResult.status === 'rejected') {
    log.destroy();
    throw uploadResult.reason;
  }
  return { ...base, key, bytes: counter.bytes };
}

/** Archives every step log of a finished run and writes its index last; resolves with the index and its key. */
export async function archiveRun(deps: RunArchiveDeps, cluster: string, run: PipelineRun): Promise<{ key: string; index: ArchiveIndex }> {
  const ns = run.metadata.namespace!;
  const ref: RunRef = { cluster, namespace: ns, run: run.metadata.name };
  const taskRuns = await deps.client.request<KubeList<TaskRun>>('GET', `/apis/tekton.dev/v1/namespaces/${ns}/taskruns`, {
    query: { labelSelector: `tekton.dev/pipelineRun=${run.metadata.name}` },
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const steps: ArchivedStep[] = [];
  for (const source of stepSources(run, taskRuns.items)) {
    const step = await archiveStep(deps, ref, ns, source);
    deps.onStep?.(step);
    steps.push(step);
  }
  const outcome = finishedOutcome(run);
  const index: ArchiveIndex = {
    version: 1,
    ...ref,
    ...(run.metadata.uid ? { uid: run.metadata.uid } : {}),
    ...(outcome ? { outcome } : {}),
    ...(run.status?.startTime ? { startTime: run.status.startTime } : {}),
    ...(run.status?.completionTime ? { completionTime: run.status.completionTime } : {}),
    archivedAt: deps.now().toISOString(),
    steps,
  };
  const key = indexKey(deps.store.prefix, ref);
  await deps.store.put(key, `${JSON.stringify(index, null, 2)}\n`, 'application/json', deps.signal);
  return { key, index };
}
