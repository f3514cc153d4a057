// Leader-only housekeeping: delete our PipelineRuns older than N days and GitHubEvent objects past their TTL.
import type { Disposable } from '../../src-shared/util/disposable';
import type { EventStore } from '../events-store/event-store';
import type { GitHubEventObject } from '../events-store/event-types';
import { mapLimit } from '../util/map-limit';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { RunWatchers } from '../runtime/run-watchers';
import type { RuntimeClusters } from '../runtime/runtime-clusters';

/** What cleanup needs. */
export interface CleanupDeps {
  readonly events: () => readonly GitHubEventObject[];
  readonly store: EventStore;
  readonly watchers: RunWatchers;
  readonly clusters: RuntimeClusters;
  readonly runMaxAgeMs: number;
  readonly eventTtlMs: number;
  readonly intervalMs: number;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  /** Runs kept past their age while true (their logs are not archived yet). */
  readonly keepRun?: (run: PipelineRun) => boolean;
}

/** Which objects are due: events past TTL once finished (or at twice the TTL whatever their phase), runs past the max age. */
export function selectExpired(
  deps: Pick<CleanupDeps, 'runMaxAgeMs' | 'eventTtlMs'>,
  events: readonly GitHubEventObject[],
  runs: readonly PipelineRun[],
  now: number,
): { events: string[]; runs: PipelineRun[] } {
  const age = (ts: string | undefined): number => now - Date.parse(ts ?? new Date(now).toISOString());
  const expiredEvents = events.filter((e) => {
    const a = age(e.metadata.creationTimestamp);
    const finished = e.status?.phase === 'Succeeded' || e.status?.phase === 'Failed';
    return (finished && a > deps.eventTtlMs) || a > 2 * deps.eventTtlMs;
  });
  return {
    events: expiredEvents.map((e) => e.metadata.name),
    runs: runs.filter(
      (r) => !r.metadata.deletionTimestamp && age(r.metadata.creationTimestamp) > deps.runMaxAgeMs,
    ),
  };
}

/** Runs one sweep at start and then every interval, until disposed. */
export class Cleanup implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: CleanupDeps) {}

  start(): void {
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.sweep()
        .then(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.deps.intervalMs);
        });
    };
    loop();
  }

  /** One pass over events and runs. */
  async sweep(now = Date.now()): Promise<{ events: number; runs: number }> {
    const { deps } = this;
    let events = 0;
    let runs = 0;
    try {
      const due = selectExpired(deps, deps.events(), [], now);
      await mapLimit(due.events, 4, async (name) => {
        await deps.store.delete(name);
        events++;
      });
      for (const cluster of deps.watchers.clusters()) {
        const dueRuns = selectExpired(deps, [], deps.watchers.list(cluster), now).runs.filter((r) => !deps.keepRun?.(r));
        await mapLimit(dueRuns, 4, async (run) => {
          try {
            await deps.clusters
              .get(cluster)
              .request(
                'DELETE',
                `/apis/tekton.dev/v1/namespaces/${run.metadata.namespace}/pipelineruns/${run.metadata.name}`,
                { query: { propagationPolicy: 'Background' } },
              );
            runs++;
          } catch (err) {
            if (!isKubeError(err, 'NotFound')) throw err;
          }
        });
      }
    } catch (err) {
      deps.metrics.errors.inc({ kind: 'cleanup' });
      deps.logger.warn('cleanup sweep failed', { err });
    }
    deps.metrics.cleanupDeleted.inc({ kind: 'event' }, events);
    deps.metrics.cleanupDeleted.inc({ kind: 'pipelinerun' }, runs);
    if (events + runs > 0) deps.logger.info('cleanup deleted expired objects', { events, runs });
    return { events, runs };
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
