// Metrics of the log archive, registered on the service's registry (names under pipe_events_archive_*).
import type { Counter, Gauge, MetricsRegistry } from '../metrics/registry';

/** Every metric the archive exports. */
export interface ArchiveMetrics {
  /** Runs archived, and attempts that failed (by cause: s3, kube). */
  readonly runs: Counter;
  readonly failures: Counter;
  /** Uncompressed log bytes archived. */
  readonly bytes: Counter;
  /** Finished runs whose logs are not archived yet. */
  readonly pending: Gauge;
  /** Seconds the oldest of them has waited since it finished. */
  readonly lagSeconds: Gauge;
  /** 1 for the cause blocking the archive (s3 or kube unreachable / refusing), 0 otherwise. */
  readonly blocked: Gauge;
  /** Objects deleted by the archive's retention. */
  readonly expired: Counter;
}

/** Registers the archive's metrics. */
export function createArchiveMetrics(r: MetricsRegistry): ArchiveMetrics {
  return {
    runs: r.counter('pipe_events_archive_runs_total', 'PipelineRuns whose logs were archived.'),
    failures: r.counter('pipe_events_archive_failures_total', 'Archive attempts that failed, by cause.', ['cause']),
    bytes: r.counter('pipe_events_archive_bytes_total', 'Uncompressed step-log bytes archived.'),
    pending: r.gauge('pipe_events_archive_pending', 'Finished PipelineRuns whose logs are not archived yet.'),
    lagSeconds: r.gauge('pipe_events_archive_lag_seconds', 'Age of the oldest finished, not yet archived PipelineRun.'),
    blocked: r.gauge('pipe_events_archive_blocked', '1 while archiving fails for this cause (s3, kube).', ['cause']),
    expired: r.counter('pipe_events_archive_expired_total', 'Archived objects deleted by the archive retention.'),
  };
}
