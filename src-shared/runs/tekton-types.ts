// The parts of Tekton v1 PipelineRun / TaskRun objects (and pods) the run views and log followers read.

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export interface StepState {
  readonly name: string;
  readonly container?: string;
  readonly running?: { readonly startedAt?: string };
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly terminated?: {
    readonly exitCode?: number;
    readonly reason?: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
  };
}

export interface PipelineTaskSpec {
  readonly name: string;
  readonly runAfter?: readonly string[];
  readonly retries?: number;
  readonly taskRef?: { readonly name?: string; readonly kind?: string };
  readonly taskSpec?: { readonly steps?: readonly { readonly name?: string; readonly image?: string }[] };
  readonly params?: readonly { readonly name: string; readonly value: unknown }[];
}

export interface PipelineSpec {
  readonly tasks?: readonly PipelineTaskSpec[];
  readonly finally?: readonly PipelineTaskSpec[];
  readonly params?: readonly { readonly name: string; readonly type?: string; readonly default?: unknown }[];
  readonly workspaces?: readonly { readonly name: string }[];
  readonly results?: readonly { readonly name: string; readonly value?: unknown }[];
}

export interface ChildReference {
  readonly kind?: string;
  readonly name: string;
  readonly pipelineTaskName?: string;
  readonly displayName?: string;
}

export interface PipelineRun {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly pipelineRef?: { readonly name?: string };
    readonly pipelineSpec?: PipelineSpec;
    readonly params?: readonly { readonly name: string; readonly value: unknown }[];
    readonly workspaces?: readonly Record<string, unknown>[];
    readonly status?: string;
    readonly timeouts?: Record<string, string>;
    readonly taskRunTemplate?: Record<string, unknown>;
  };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly startTime?: string;
    readonly completionTime?: string;
    readonly childReferences?: readonly ChildReference[];
    readonly pipelineSpec?: PipelineSpec;
    readonly results?: readonly { readonly name: string; readonly value: unknown }[];
  };
}

export interface TaskRun {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly taskSpec?: { readonly steps?: readonly { readonly name?: string }[] } };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly podName?: string;
    readonly startTime?: string;
    readonly completionTime?: string;
    readonly steps?: readonly StepState[];
    /** Sidecar containers (`sidecar-<name>`), same shape as steps. */
    readonly sidecars?: readonly StepState[];
    readonly retriesStatus?: readonly {
      readonly podName?: string;
      readonly steps?: readonly StepState[];
      readonly startTime?: string;
      readonly completionTime?: string;
      readonly conditions?: readonly Condition[];
    }[];
    readonly taskSpec?: { readonly steps?: readonly { readonly name?: string }[] };
    readonly results?: readonly { readonly name: string; readonly value: unknown }[];
  };
}

/** The part of a Pod the log plan reads: its init containers' states. */
export interface PodInitStatus {
  readonly metadata: { readonly name: string };
  readonly status?: {
    readonly initContainerStatuses?: readonly {
      readonly name: string;
      readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string }; readonly terminated?: { readonly exitCode?: number; readonly reason?: string } };
      readonly lastState?: { readonly terminated?: { readonly exitCode?: number } };
    }[];
  };
}

/** The `Succeeded` condition's state in words. */
export type RunPhase = 'Succeeded' | 'Failed' | 'Cancelled' | 'Running' | 'Pending' | 'Unknown';

/** Reads a run's phase from its Succeeded condition (no condition yet: Pending). */
export function runPhase(obj: { readonly status?: { readonly conditions?: readonly Condition[] } }): RunPhase {
  const c = obj.status?.conditions?.find((x) => x.type === 'Succeeded');
  if (!c) return 'Pending';
  if (c.status === 'True') return 'Succeeded';
  if (c.status === 'False') return /Cancel/i.test(c.reason ?? '') ? 'Cancelled' : 'Failed';
  if (c.reason === 'PipelineRunPending' || c.reason === 'Pending') return 'Pending';
  return 'Running';
}

/** True once a run has finished (any final phase). */
export function isFinished(phase: RunPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';
}
