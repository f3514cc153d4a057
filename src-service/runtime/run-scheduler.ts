// Leader-only: applies concurrency plans per repository + namespace as runs change (cancel-in-progress, release Pending in order).
import type { Disposable } from '../../src-shared/util/disposable';
import { WorkQueue } from '../controller/work-queue';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { planConcurrency, type RunView } from './concurrency-plan';
import type { RepositoryTargets } from './repository-targets';
import { isCancelRequested, RUN_KEYS, runState } from './run-metadata';
import type { RunWatchers } from './run-watchers';
import type { RuntimeClusters } from './runtime-clusters';

/** Turns a run into the planner's view. */
export function runView(run: PipelineRun): RunView {
  const a = run.metadata.annotations ?? {};
  const state = runState(run);
  return {
    name: run.metadata.name,
    group: run.metadata.labels?.[RUN_KEYS.groupLabel] ?? run.metadata.name,
    cancelInProgress: a[RUN_KEYS.cancelInProgress] === 'true',
    queuedAt: a[RUN_KEYS.queuedAt] ?? run.metadata.creationTimestamp ?? '',
    state: state === 'pending' ? 'pending' : state === 'running' ? 'running' : 'done',
    cancelRequested: isCancelRequested(run),
  };
}

/** Re-plans a repository's runs whenever one of them changes; patches are serialised per repository + namespace. */
export class RunScheduler implements Disposable {
  private readonly queue: WorkQueue;
  /** Patches we made that the watch has not shown yet (keyed cluster/namespace/name → spec.status after the patch). */
  private readonly pendingWrites = new Map<string, { status: string | undefined; rv: bigint }>();
  private readonly subscription: Disposable;
  /** Runs by repository key (cluster|namespace|repository label), so a plan never scans the whole cluster. */
  private readonly byRepo = new Map<string, Set<string>>();

  constructor(
    private readonly watchers: RunWatchers,
    private readonly clusters: RuntimeClusters,
    private readonly targets: RepositoryTargets,
    private readonly metrics: ServiceMetrics,
    private readonly logger: Logger,
  ) {
    this.queue = new WorkQueue((key) => this.apply(key), {
      concurrency: 4,
      baseBackoffMs: 1000,
      onError: (key, err) => logger.warn('scheduling failed; will retry', { key, err }),
    });
    this.subscription = watchers.onDidChange((cluster, type, run) => {
      const key = repoKey(cluster, run);
      if (!key) return;
      let names = this.byRepo.get(key);
      if (type === 'DELETED') {
        names?.delete(run.metadata.name);
        if (names?.size === 0) this.byRepo.delete(key);
      } else {
        if (!names) this.byRepo.set(key, (names = new Set()));
        names.add(run.metadata.name);
      }
      if (this.affectsPlan(run)) this.queue.add(key);
    });
  }

  /** Plans every repository once (after becoming leader). */
  resyncAll(): void {
    for (const cluster of this.watchers.clusters()) {
      for (const run of this.watchers.list(cluster)) {
        const key = repoKey(cluster, run);
        if (key && this.affectsPlan(run)) this.queue.add(key);
      }
    }
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await this.queue.drain(10_000);
  }

  private async apply(key: string): Promise<void> {
    const [cluster, namespace] = key.split('|') as [string, string];
    const runs = [...(this.byRepo.get(key) ?? [])]
      .map((name) => this.watchers.lookup(cluster, namespace, name))
      .filter((r): r is PipelineRun => r !== undefined);
    if (runs.length === 0) return;
    const fullName = runs[0]!.metadata.annotations?.[RUN_KEYS.repository] ?? '';
    const limit = this.targets.limitFor(fullName);
    const plan = planConcurrency(
      runs.map((r) => runView(this.withPendingWrites(cluster, r))),
      limit,
    );
    const client = this.clusters.get(cluster);
    const patch = async (name: string, status: string | null): Promise<void> => {
      try {
        const updated = await client.request<PipelineRun>(
          'PATCH',
          `/apis/tekton.dev/v1/namespaces/${namespace}/pipelineruns/${name}`,
          {
            body: { spec: { status } },
            contentType: 'application/merge-patch+json',
          },
        );
        this.pendingWrites.set(`${cluster}/${namespace}/${name}`, {
          status: status ?? undefined,
          rv: toRv(updated.metadata.resourceVersion),
        });
      } catch (err) {
        if (!isKubeError(err, 'NotFound')) throw err;
      }
    };
    for (const name of plan.cancel) {
      await patch(name, 'Cancelled');
      this.metrics.runsCancelled.inc();
      this.logger.info('cancelled an older run (cancel-in-progress)', { cluster, namespace, run: name });
    }
    for (const name of plan.release) {
      await patch(name, null);
      this.metrics.runsReleased.inc();
      this.logger.info('released a pending run', { cluster, namespace, run: name, limit });
    }
  }

  /**
   * Whether a change to this run can change the plan: without a limit only cancel-in-progress runs (and leftover
   * Pending ones) matter, so the common unlimited case costs nothing per run.
   */
  private affectsPlan(run: PipelineRun): boolean {
    if (
      run.spec.status === 'PipelineRunPending' ||
      run.metadata.annotations?.[RUN_KEYS.cancelInProgress] === 'true'
    )
      return true;
    return this.targets.limitFor(run.metadata.annotations?.[RUN_KEYS.repository] ?? '') > 0;
  }

  /** The watch may lag our own patches: overlay them until the cache has caught up (so a slot is never given twice). */
  private withPendingWrites(cluster: string, run: PipelineRun): PipelineRun {
    const key = `${cluster}/${run.metadata.namespace}/${run.metadata.name}`;
    const write = this.pendingWrites.get(key);
    if (!write) return run;
    if (toRv(run.metadata.resourceVersion) >= write.rv) {
      this.pendingWrites.delete(key);
      return run;
    }
    const spec = { ...run.spec };
    if (write.status === undefined) delete spec.status;
    else spec.status = write.status;
    return { ...run, spec };
  }
}

function toRv(rv: string | undefined): bigint {
  return rv && /^\d+$/.test(rv) ? BigInt(rv) : 0n;
}

function repoKey(cluster: string, run: PipelineRun): string | undefined {
  const repo = run.metadata.labels?.[RUN_KEYS.repositoryLabel];
  return repo ? `${cluster}|${run.metadata.namespace}|${repo}` : undefined;
}
