// Labels and annotations pipe-events puts on PipelineRuns (and reads back in the watcher, scheduler, reporter, cleanup).
import { createHash } from 'node:crypto';
import { RUN_KEYS as TEMPLATE_KEYS } from '../../src-shared/events';
import { formatDeepLinkRoute } from '../../src-shared/links/deep-link';
import type { PipelineRun } from '../../src-node/kube/kube-types';

/** Label selecting every PipelineRun we created. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pipe-events';
/** Label naming the pipe-events installation that owns a run (several may share a runtime cluster). */
export const INSTANCE_LABEL = 'pipe.linecorp.com/instance';

/** Selects the runs of one installation. */
export function managedSelector(instance: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${INSTANCE_LABEL}=${instance}`;
}

/** Keys under pipe.linecorp.com/: the template's (shared module) plus what pipe-events adds. */
export const RUN_KEYS = {
  /** Label (ours): repository as a label value, selects a repository's runs. */
  repositoryLabel: 'pipe.linecorp.com/repository',
  /** Label (template). */
  pipelineLabel: TEMPLATE_KEYS.pipeline,
  groupLabel: 'pipe.linecorp.com/concurrency-group',
  /** Annotations set by the template. */
  repository: TEMPLATE_KEYS.repository,
  sha: TEMPLATE_KEYS.sha,
  ref: TEMPLATE_KEYS.ref,
  eventName: TEMPLATE_KEYS.event,
  deliveryId: TEMPLATE_KEYS.delivery,
  /** Annotations set by pipe-events. */
  installationId: 'pipe.linecorp.com/installation-id',
  queuedAt: 'pipe.linecorp.com/queued-at',
  cluster: 'pipe.linecorp.com/cluster',
  pipelineFile: 'pipe.linecorp.com/pipeline-file',
  eventObject: 'pipe.linecorp.com/event-object',
  /** Copied from the Pipeline: `"true"` cancels older runs of the same repo + pipeline + branch/PR. */
  cancelInProgress: 'pipe.linecorp.com/cancel-in-progress',
  /** Copied from the Pipeline: a deploying pipeline's environment (creates a GitHub deployment). */
  deployEnvironment: 'pipe.linecorp.com/deploy-environment',
  /** Written by the reporter. */
  reportedState: 'pipe.linecorp.com/reported-state',
  checkRunId: 'pipe.linecorp.com/check-run-id',
  deploymentId: 'pipe.linecorp.com/deployment-id',
} as const;

/** Pipeline annotations copied onto runs. */
export const COPIED_PIPELINE_ANNOTATIONS = [RUN_KEYS.cancelInProgress, RUN_KEYS.deployEnvironment] as const;

/** A label-safe hash (40 hex characters). */
export function labelHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

/** Concurrency group of a run: repository + pipeline + branch or PR. */
export function concurrencyGroup(repository: string, pipeline: string, branchOrPr: string): string {
  return labelHash(`${repository.toLowerCase()}\n${pipeline}\n${branchOrPr}`);
}

/** Sortable queue position: receipt time (ms, zero-padded) + index within the event. */
export function queuedAtKey(receivedAtMs: number, index: number): string {
  return `${String(receivedAtMs).padStart(15, '0')}-${String(index).padStart(4, '0')}`;
}

/** The life-cycle state of a run as far as scheduling and reporting care. */
export type RunState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const CANCEL_STATUSES = new Set([
  'Cancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
  'PipelineRunCancelled',
]);

/** Reads the state from spec.status and the Succeeded condition. */
export function runState(run: PipelineRun): RunState {
  const cond = run.status?.conditions?.find((c) => c.type === 'Succeeded');
  if (cond?.status === 'True') return 'succeeded';
  if (cond?.status === 'False') return /cancel/i.test(cond.reason ?? '') ? 'cancelled' : 'failed';
  if (run.spec.status === 'PipelineRunPending') return 'pending';
  return 'running';
}

/** True when someone asked the run to stop (it may still be winding down). */
export function isCancelRequested(run: PipelineRun): boolean {
  return run.spec.status !== undefined && CANCEL_STATUSES.has(run.spec.status);
}

/**
 * `pipe-desktop://runs/<cluster>/<namespace>/<name>`: opens the run in PIPE Desktop. The path after `runs/` comes
 * from the one link grammar (`src-shared/links`); `base` may point elsewhere (a web redirector) in config.
 */
export function desktopRunUrl(base: string, cluster: string, namespace: string, name: string): string {
  const route = formatDeepLinkRoute({ kind: 'run', cluster, namespace, name });
  return `${base.replace(/\/$/, '')}/${route.slice('runs/'.length)}`;
}
