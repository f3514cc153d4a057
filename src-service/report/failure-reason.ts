// Why a Tekton TaskRun failed, in plain words: which step, and exit code / OOMKilled / image pull error / timeout / cancelled.
import type { Condition, KubeObject } from '../../src-node/kube/kube-types';

/** A step's container state as Tekton copies it into `TaskRun.status.steps[]`. */
export interface StepState {
  readonly name?: string;
  readonly container?: string;
  readonly terminated?: { readonly exitCode?: number; readonly reason?: string; readonly message?: string };
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: unknown;
}

/** The TaskRun fields read here. */
export interface TaskRun extends KubeObject {
  readonly spec?: { readonly timeout?: string; readonly [key: string]: unknown };
  readonly status?: {
    readonly podName?: string;
    readonly conditions?: readonly Condition[];
    readonly steps?: readonly StepState[];
    readonly completionTime?: string;
    readonly startTime?: string;
    readonly [key: string]: unknown;
  };
}

/** What went wrong in one TaskRun. */
export interface StepFailure {
  /** Pipeline task name (label `tekton.dev/pipelineTask`), else the TaskRun name. */
  readonly task: string;
  readonly taskRun: string;
  /** The failing step (undefined when the task failed before any step ran, e.g. a timeout while pending). */
  readonly step?: string;
  readonly container?: string;
  readonly pod?: string;
  /** One line, plain words. */
  readonly reason: string;
}

const IMAGE_PULL = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'RegistryUnavailable',
]);

/** The Succeeded condition of a run. */
export function succeededCondition(obj: {
  readonly status?: { readonly conditions?: readonly Condition[] };
}): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === 'Succeeded');
}

/** True when the TaskRun ended unsuccessfully. */
export function isFailedTaskRun(tr: TaskRun): boolean {
  return succeededCondition(tr)?.status === 'False';
}

/** Plain-word reason for one step's container state, or undefined when the step did not fail. */
export function stepReason(s: StepState): string | undefined {
  const t = s.terminated;
  if (t) {
    if (t.reason === 'OOMKilled')
      return `killed: out of memory (OOMKilled${t.exitCode ? `, exit code ${t.exitCode}` : ''})`;
    if (t.reason === 'TaskRunTimeout') return 'stopped: the task timed out';
    if (t.reason === 'TaskRunCancelled') return 'stopped: the run was cancelled';
    if (t.exitCode !== undefined && t.exitCode !== 0)
      return `exited with code ${t.exitCode}${t.reason && t.reason !== 'Error' && t.reason !== 'Completed' ? ` (${t.reason})` : ''}`;
    return undefined;
  }
  const w = s.waiting;
  if (w?.reason && IMAGE_PULL.has(w.reason))
    return `image pull error (${w.reason})${w.message ? `: ${w.message}` : ''}`;
  if (w?.reason === 'CreateContainerConfigError' || w?.reason === 'CreateContainerError')
    return `the container could not be created (${w.reason})${w.message ? `: ${w.message}` : ''}`;
  return undefined;
}

/** Reason from the TaskRun's own condition (timeouts, cancellation, pull failures Tekton reports there). */
function conditionReason(tr: TaskRun): string {
  const c = succeededCondition(tr);
  switch (c?.reason) {
    case 'TaskRunTimeout':
      return `timed out${tr.spec?.timeout ? ` after ${tr.spec.timeout}` : ''}`;
    case 'TaskRunCancelled':
      return 'cancelled';
    case 'TaskRunImagePullFailed':
      return `image pull error${c.message ? `: ${c.message}` : ''}`;
    case 'TaskRunStopSidecarFailed':
      return `a sidecar could not be stopped${c.message ? `: ${c.message}` : ''}`;
    default:
      return c?.message
        ? `failed (${c.reason ?? 'Failed'}): ${c.message}`
        : `failed (${c?.reason ?? 'unknown reason'})`;
  }
}

/** Condition reasons that say more than any step state (a step "killed" by a timeout exits non-zero too). */
const CONDITION_FIRST = new Set(['TaskRunTimeout', 'TaskRunCancelled', 'TaskRunImagePullFailed']);

/** The failing step of a failed TaskRun and why it failed. */
export function stepFailureOf(tr: TaskRun): StepFailure {
  const task = tr.metadata.labels?.['tekton.dev/pipelineTask'] ?? tr.metadata.name;
  const base = { task, taskRun: tr.metadata.name, ...(tr.status?.podName ? { pod: tr.status.podName } : {}) };
  const steps = tr.status?.steps ?? [];
  // The first step that failed: later steps of a failed task are skipped by Tekton's entrypoint and exit non-zero too.
  const failed = steps.map((s) => ({ s, reason: stepReason(s) })).find((x) => x.reason !== undefined);
  const cond = succeededCondition(tr);
  const step =
    failed?.s ??
    (CONDITION_FIRST.has(cond?.reason ?? '')
      ? steps.find((s) => !s.terminated || s.terminated.exitCode !== 0)
      : undefined);
  const where = step
    ? { ...(step.name ? { step: step.name } : {}), ...(step.container ? { container: step.container } : {}) }
    : {};
  const reason = CONDITION_FIRST.has(cond?.reason ?? '') || !failed ? conditionReason(tr) : failed.reason!;
  return { ...base, ...where, reason: oneLine(reason) };
}

/** Plain-word reason for a failed PipelineRun as a whole (used when no TaskRun explains it). */
export function runReason(condition: Condition | undefined): string {
  switch (condition?.reason) {
    case 'PipelineRunTimeout':
      return 'the pipeline timed out';
    case 'Cancelled':
    case 'CancelledRunFinally':
    case 'StoppedRunFinally':
    case 'PipelineRunCancelled':
      return 'the run was cancelled';
    case undefined:
      return 'failed';
    case 'Failed':
      // Tekton's generic reason: its message ("Tasks Completed: 3 (Failed: 1, …)") says more.
      return oneLine(condition.message ?? 'failed');
    default:
      return oneLine(
        condition?.message ? `${condition.reason}: ${condition.message}` : (condition?.reason ?? 'failed'),
      );
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}
