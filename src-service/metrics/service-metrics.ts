// The named metrics of pipe-events (one registry per service instance).
import { MetricsRegistry, type Counter, type Gauge, type Histogram } from './registry';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every metric the service exports. */
export interface ServiceMetrics {
  readonly registry: MetricsRegistry;
  /** Deliveries received at /webhook, by event name. */
  readonly deliveriesReceived: Counter;
  /** Deliveries whose signature verified. */
  readonly deliveriesVerified: Counter;
  /** Deliveries answered with an error, by reason (signature, body-too-large, content-type, json, headers). */
  readonly deliveriesRejected: Counter;
  /** Deliveries acknowledged without work, by reason (unsupported-event, own-deployment, duplicate, not-applicable). */
  readonly deliveriesIgnored: Counter;
  /** Deliveries recorded as event objects. */
  readonly deliveriesRecorded: Counter;
  readonly eventsReconciled: Counter;
  /** Pipelines matched, by event. */
  readonly eventsMatched: Counter;
  readonly runsCreated: Counter;
  readonly runsCancelled: Counter;
  readonly runsReleased: Counter;
  /** Errors by kind (github, kube, pipeline-file, template, report, internal). */
  readonly errors: Counter;
  readonly githubRequests: Counter;
  readonly githubRateLimited: Counter;
  readonly cleanupDeleted: Counter;
  /** Seconds from request start to the 202 (or error) answer. */
  readonly webhookLatency: Histogram;
  /** Seconds from delivery receipt to the PipelineRun create call returning. */
  readonly deliveryToRun: Histogram;
  readonly reconcileDuration: Histogram;
  /** Schedule ticks fired (GitHubEvents created by the leader). */
  readonly scheduleTicksFired: Counter;
  /** Seconds between a tick's minute and its event being created. */
  readonly scheduleLateness: Histogram;
  /** Ticks fired a minute or more after their scheduled minute (caught up after a leader gap or a failed create). */
  readonly scheduleTicksLate: Counter;
  /** Next fire time (Unix seconds) per repository + pipeline with a valid schedule entry. */
  readonly scheduleNextFire: Gauge;
  readonly queueDepth: Gauge;
  readonly isLeader: Gauge;
}

/** Creates the metrics in a fresh registry. */
export function createServiceMetrics(): ServiceMetrics {
  const r = new MetricsRegistry();
  return {
    registry: r,
    deliveriesReceived: r.counter('pipe_events_deliveries_received_total', 'Webhook deliveries received.'),
    deliveriesVerified: r.counter(
      'pipe_events_deliveries_verified_total',
      'Webhook deliveries with a valid signature.',
      ['event'],
    ),
    deliveriesRejected: r.counter(
      'pipe_events_deliveries_rejected_total',
      'Webhook deliveries rejected, by reason.',
      ['reason'],
    ),
    deliveriesIgnored: r.counter(
      'pipe_events_deliveries_ignored_total',
      'Webhook deliveries acknowledged and ignored, by reason.',
      ['reason'],
    ),
    deliveriesRecorded: r.counter(
      'pipe_events_deliveries_recorded_total',
      'Webhook deliveries durably recorded as GitHubEvent objects.',
      ['event'],
    ),
    eventsReconciled: r.counter(
      'pipe_events_events_reconciled_total',
      'GitHubEvent objects reconciled, by outcome.',
      ['outcome'],
    ),
    eventsMatched: r.counter(
      'pipe_events_pipelines_matched_total',
      'Pipelines matched by events, by event.',
      ['event'],
    ),
    runsCreated: r.counter('pipe_events_pipelineruns_created_total', 'PipelineRuns created.', ['cluster']),
    runsCancelled: r.counter(
      'pipe_events_pipelineruns_cancelled_total',
      'PipelineRuns cancelled by cancel-in-progress.',
    ),
    runsReleased: r.counter(
      'pipe_events_pipelineruns_released_total',
      'Pending PipelineRuns released by the concurrency limit.',
    ),
    errors: r.counter('pipe_events_errors_total', 'Errors, by kind.', ['kind']),
    githubRequests: r.counter('pipe_events_github_requests_total', 'GitHub API requests, by status class.', [
      'status',
    ]),
    githubRateLimited: r.counter(
      'pipe_events_github_rate_limited_total',
      'GitHub API rate-limit answers, by kind.',
      ['kind'],
    ),
    cleanupDeleted: r.counter('pipe_events_cleanup_deleted_total', 'Objects deleted by cleanup, by kind.', [
      'kind',
    ]),
    webhookLatency: r.histogram(
      'pipe_events_webhook_response_seconds',
      'Time to answer a webhook delivery.',
      LATENCY_BUCKETS,
      ['status'],
    ),
    deliveryToRun: r.histogram(
      'pipe_events_delivery_to_pipelinerun_seconds',
      'Time from delivery receipt to PipelineRun created.',
      LATENCY_BUCKETS,
    ),
    reconcileDuration: r.histogram(
      'pipe_events_reconcile_seconds',
      'Time to reconcile one GitHubEvent.',
      LATENCY_BUCKETS,
    ),
    scheduleTicksFired: r.counter('pipe_events_schedule_ticks_fired_total', 'Schedule ticks fired.'),
    scheduleLateness: r.histogram(
      'pipe_events_schedule_lateness_seconds',
      'Time from a tick’s scheduled minute to its event being created.',
      LATENCY_BUCKETS,
    ),
    scheduleTicksLate: r.counter(
      'pipe_events_schedule_ticks_late_total',
      'Schedule ticks fired a minute or more after their scheduled minute.',
    ),
    scheduleNextFire: r.gauge(
      'pipe_events_schedule_next_fire_timestamp_seconds',
      'Next fire time of a pipeline’s schedule (Unix seconds).',
      ['repository', 'pipeline'],
    ),
    queueDepth: r.gauge('pipe_events_queue_depth', 'Events waiting in the reconcile queue.'),
    isLeader: r.gauge('pipe_events_leader', '1 when this replica holds the leader lease.'),
  };
}
