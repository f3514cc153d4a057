// The archive as the service wires it: one object store, the leader's queue (per leader term) and its retention.
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Clock } from '../../src-node/time/clock';
import type { ArchiveConfig } from '../config/config-schema';
import type { Logger } from '../log/logger';
import type { RuntimeClusters } from '../runtime/runtime-clusters';
import { ARCHIVED_ANNOTATION } from './archive-keys';
import type { ArchiveMetrics } from './archive-metrics';
import { ArchiveRetention } from './archive-retention';
import type { ArchiveStore } from './archive-store';
import { LogArchiver } from './log-archiver';
import { archiveRun } from './run-archiver';

/** Writes the archived annotation (merge patch: touches nothing else on the run). */
export async function markArchived(clusters: RuntimeClusters, cluster: string, run: PipelineRun, key: string): Promise<void> {
  await clusters
    .get(cluster)
    .request('PATCH', `/apis/tekton.dev/v1/namespaces/${run.metadata.namespace}/pipelineruns/${run.metadata.name}`, {
      body: { metadata: { annotations: { [ARCHIVED_ANNOTATION]: key } } },
      contentType: 'application/merge-patch+json',
    });
}

/** Builds the leader's archiver over a store and the runtime clusters. */
export function createLogArchiver(deps: {
  readonly config: ArchiveConfig;
  readonly store: ArchiveStore;
  readonly clusters: RuntimeClusters;
  readonly clock: Clock;
  readonly metrics: ArchiveMetrics;
  readonly logger: Logger;
}): LogArchiver {
  return new LogArchiver({
    archive: async (cluster, run, signal) => {
      let bytes = 0;
      const { key } = await archiveRun(
        {
          client: deps.clusters.get(cluster),
          store: deps.store,
          now: () => new Date(deps.clock.now()),
          signal,
          onStep: (s) => (bytes += s.bytes),
        },
        cluster,
        run,
      );
      return { key, bytes };
    },
    mark: (cluster, run, key) => markArchived(deps.clusters, cluster, run, key),
    clock: deps.clock,
    concurrency: deps.config.concurrency,
    maxBackoffMs: deps.config.maxBackoffSeconds * 1000,
    maxLagMs: deps.config.maxLagSeconds * 1000,
    metrics: deps.metrics,
    logger: deps.logger,
  });
}

/** Builds the retention sweep of the archive. */
export function createArchiveRetention(deps: {
  readonly config: ArchiveConfig;
  readonly store: ArchiveStore;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly metrics: ArchiveMetrics;
  readonly logger: Logger;
}): ArchiveRetention {
  return new ArchiveRetention({ ...deps, retentionDays: deps.config.retentionDays });
}
