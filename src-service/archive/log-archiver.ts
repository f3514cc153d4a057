// Leader task: archives each finished run's logs once, retrying with backoff while S3 or the apiserver fail, and marks
// the run (annotation) so no leader archives it again and cleanup may delete it.
import type { Disposable } from '../../src-shared/util/disposable';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Clock, TimerHandle } from '../../src-node/time/clock';
import type { Logger } from '../log/logger';
import { ARCHIVED_ANNOTATION } from './archive-keys';
import type { ArchiveMetrics } from './archive-metrics';
import { finishedOutcome } from './run-archiver';

/** Archives one run; resolves with the index key and the uncompressed bytes archived. */
export type ArchiveOne = (cluster: string, run: PipelineRun, signal: AbortSignal) => Promise<{ key: string; bytes: number }>;
/** Records on the run that its logs are archived (at `key`). */
export type MarkArchived = (cluster: string, run: PipelineRun, key: string) => Promise<void>;

/** What the archiver needs. */
export interface LogArchiverDeps {
  readonly archive: ArchiveOne;
  readonly mark: MarkArchived;
  readonly clock: Clock;
  readonly concurrency: number;
  readonly maxBackoffMs: number;
  readonly maxLagMs: number;
  readonly metrics: ArchiveMetrics;
  readonly logger: Logger;
  /** First retry delay (doubles per failure up to maxBackoffMs). */
  readonly minBackoffMs?: number;
}

/** Why archiving failed: the object store or the cluster (metrics label and readiness text). */
export type ArchiveCause = 's3' | 'kube';

/** Failures from the Kubernetes client are the cluster's; everything else came from the object store. */
export function causeOf(err: unknown): ArchiveCause {
  return isKubeError(err) ? 'kube' : 's3';
}

/** Backoff before attempt n+1 after n failures: min · 2^(n-1), capped. */
export function backoffMs(failures: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
}

/** True when the run's logs are already archived (or the run is not finished yet). */
export function needsArchive(run: PipelineRun): boolean {
  return (
    finishedOutcome(run) !== undefined &&
    run.metadata.annotations?.[ARCHIVED_ANNOTATION] === undefined &&
    !run.metadata.deletionTimestamp
  );
}

interface Pending {
  cluster: string;
  run: PipelineRun;
  since: number;
  failures: number;
  dueAt: number;
  running: boolean;
}

const DONE_MEMORY = 10_000;

/** The archive queue: at most `concurrency` runs at once, oldest finished first, failures retried with backoff. */
export class LogArchiver implements Disposable {
  private readonly pending = new Map<string, Pending>();
  /** Recently archived run UIDs: a stale informer copy without the annotation must not archive again. */
  private readonly done = new Set<string>();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  private blockedBy: { cause: ArchiveCause; message: string } | undefined;
  private disposed = false;

  constructor(private readonly deps: LogArchiverDeps) {}

  /** Feeds a run seen by the watchers (added or modified). */
  observe(cluster: string, run: PipelineRun): void {
    if (this.disposed) return;
    const id = `${cluster}/${run.metadata.namespace}/${run.metadata.name}`;
    const entry = this.pending.get(id);
    if (!needsArchive(run) || (run.metadata.uid && this.done.has(run.metadata.uid))) {
      if (entry && !entry.running) this.pending.delete(id);
      this.update();
      return;
    }
    if (entry) {
      entry.run = run;
      return;
    }
    const now = this.deps.clock.now();
    const finished = Date.parse(String(run.status?.completionTime ?? ''));
    this.pending.set(id, { cluster, run, since: Number.isFinite(finished) ? Math.min(finished, now) : now, failures: 0, dueAt: now, running: false });
    this.pump();
  }

  /** A run went away (deleted): nothing left to read. */
  forget(cluster: string, run: PipelineRun): void {
    const id = `${cluster}/${run.metadata.namespace}/${run.metadata.name}`;
    const entry = this.pending.get(id);
    if (entry && !entry.running) this.pending.delete(id);
    this.update();
  }

  /** Finished runs not archived yet, the oldest one's wait, and what blocks the archive. */
  lag(): { pending: number; oldestMs: number; blocked?: { cause: ArchiveCause; message: string } } {
    const now = this.deps.clock.now();
    let oldest = now;
    for (const p of this.pending.values()) oldest = Math.min(oldest, p.since);
    return { pending: this.pending.size, oldestMs: now - oldest, ...(this.blockedBy ? { blocked: this.blockedBy } : {}) };
  }

  /** Set when the archive has fallen more than maxLag behind (for /readyz/archive). */
  notReadyReason(): string | undefined {
    const lag = this.lag();
    if (lag.pending === 0 || lag.oldestMs <= this.deps.maxLagMs) return undefined;
    const why = lag.blocked ? `${lag.blocked.cause} failing: ${lag.blocked.message}` : 'busy';
    return `archive ${Math.round(lag.oldestMs / 1000)} s behind, ${lag.pending} run(s) waiting (${why})`;
  }

  private update(): void {
    const lag = this.lag();
    this.deps.metrics.pending.set(lag.pending);
    this.deps.metrics.lagSeconds.set(lag.oldestMs / 1000);
    for (const cause of ['s3', 'kube'] as const) this.deps.metrics.blocked.set(this.blockedBy?.cause === cause ? 1 : 0, { cause });
  }

  private pump(): void {
    if (this.disposed) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.deps.clock.now();
    const waiting = [...this.pending.values()].filter((p) => !p.running).sort((a, b) => a.since - b.since);
    let running = [...this.pending.values()].filter((p) => p.running).length;
    for (const p of waiting) {
      if (running >= this.deps.concurrency) break;
      if (p.dueAt > now) continue;
      running++;
      this.start(p);
    }
    const next = waiting.filter((p) => !p.running).reduce((m, p) => Math.min(m, p.dueAt), Infinity);
    if (Number.isFinite(next) && running < this.deps.concurrency) this.timer = this.deps.clock.setTimeout(() => this.pump(), Math.max(0, next - now));
    this.update();
  }

  private start(p: Pending): void {
    p.running = true;
    const id = `${p.cluster}/${p.run.metadata.namespace}/${p.run.metadata.name}`;
    const task = (async () => {
      try {
        const { key, bytes } = await this.deps.archive(p.cluster, p.run, this.abort.signal);
        // A run deleted meanwhile has no annotation to carry; its archive exists all the same.
        await this.deps.mark(p.cluster, p.run, key).catch((err: unknown) => {
          if (!isKubeError(err, 'NotFound')) throw err;
        });
        if (p.run.metadata.uid) this.remember(p.run.metadata.uid);
        this.pending.delete(id);
        this.blockedBy = undefined;
        this.deps.metrics.runs.inc();
        this.deps.metrics.bytes.inc({}, bytes);
        this.deps.logger.info('run logs archived', { cluster: p.cluster, namespace: p.run.metadata.namespace, run: p.run.metadata.name, key, bytes });
      } catch (err) {
        if (this.disposed) return;
        const cause = causeOf(err);
        p.failures++;
        p.dueAt = this.deps.clock.now() + backoffMs(p.failures, this.deps.minBackoffMs ?? 1000, this.deps.maxBackoffMs);
        this.blockedBy = { cause, message: ((err as Error).message ?? String(err)).slice(0, 200) };
        this.deps.metrics.failures.inc({ cause });
        this.deps.logger.warn('archiving run logs failed; will retry', {
          cluster: p.cluster,
          run: p.run.metadata.name,
          cause,
          failures: p.failures,
          retryInMs: p.dueAt - this.deps.clock.now(),
          err,
        });
      } finally {
        p.running = false;
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      this.pump();
    });
  }

  private remember(uid: string): void {
    this.done.add(uid);
    if (this.done.size > DONE_MEMORY) this.done.delete(this.done.values().next().value!);
  }

  /** Resolves when nothing is being archived (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    this.abort.abort();
    await this.idle();
  }
}
