// Which containers make up a run's log, in the order a reader expects: pipeline tasks in order, then finally tasks;
// per TaskRun the pods of earlier retries first; per pod a failed init container first (its log says why no step ran),
// the step containers in order, then the sidecars when asked for.
import { isFinished, runPhase, type PipelineRun, type PodInitStatus, type StepState, type TaskRun } from './tekton-types';

/** One container whose log is part of a run. */
export interface LogSource {
  /** Stable key: `<pod>/<container>`. */
  readonly key: string;
  readonly task: string;
  readonly taskRun: string;
  readonly pod: string;
  readonly container: string;
  /** Step name as the pipeline wrote it (`unnamed-<i>` for unnamed steps). */
  readonly step: string;
  /** Retry number (0 = first attempt) for pods of earlier attempts and the current one. */
  readonly attempt: number;
  readonly isFinally: boolean;
  /** The container has ended: its log is complete. */
  readonly ended: boolean;
  /** Why the step has not started, when Tekton says (image pull, unschedulable …). */
  readonly waitingReason?: string;
  /** What the container is: a step (default), a sidecar, or an init container that failed. */
  readonly kind?: 'sidecar' | 'init';
}

/** What else to read besides the steps. */
export interface LogPlanOptions {
  /** Also each pod's sidecars (after its steps). */
  readonly sidecars?: boolean;
  /** The run's pods by name: their failed init containers join the log before the steps. */
  readonly pods?: ReadonlyMap<string, PodInitStatus>;
}

const IMAGE_TROUBLE = /ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerError|CreateContainerConfigError/;

/** Init containers of a pod that failed (exit code ≠ 0, crash-looping, or their image cannot be pulled). */
export function failedInitContainers(pod: PodInitStatus | undefined): { name: string; ended: boolean; waitingReason?: string }[] {
  const out: { name: string; ended: boolean; waitingReason?: string }[] = [];
  for (const c of pod?.status?.initContainerStatuses ?? []) {
    const term = c.state?.terminated;
    const wait = c.state?.waiting?.reason;
    if (term && term.exitCode !== undefined && term.exitCode !== 0) out.push({ name: c.name, ended: true });
    else if (wait === 'CrashLoopBackOff' || (wait && (c.lastState?.terminated?.exitCode ?? 0) !== 0)) out.push({ name: c.name, ended: false });
    else if (wait && IMAGE_TROUBLE.test(wait)) out.push({ name: c.name, ended: false, waitingReason: `${wait}${c.state?.waiting?.message ? `: ${c.state.waiting.message}` : ''}` });
  }
  return out;
}

/** Whether a TaskRun has a pod whose steps did not all start (so its init containers are worth a look). */
export function hasUnstartedSteps(tr: TaskRun): boolean {
  const steps = tr.status?.steps ?? [];
  return !!tr.status?.podName && (steps.length === 0 || steps.some((s) => !s.running && !s.terminated));
}

function containerOf(step: { name?: string } | StepState, i: number): { container: string; step: string } {
  const s = step as StepState;
  if (s.container) return { container: s.container, step: s.name || s.container.replace(/^step-/, '') };
  const name = step.name;
  return name ? { container: `step-${name}`, step: name } : { container: `step-unnamed-${i}`, step: `unnamed-${i}` };
}

function taskOrder(pr: PipelineRun): { order: Map<string, number>; finallyTasks: Set<string> } {
  const spec = pr.status?.pipelineSpec ?? pr.spec?.pipelineSpec;
  const order = new Map<string, number>();
  const finallyTasks = new Set<string>();
  for (const t of spec?.tasks ?? []) order.set(t.name, order.size);
  for (const t of spec?.finally ?? []) {
    order.set(t.name, order.size);
    finallyTasks.add(t.name);
  }
  return { order, finallyTasks };
}

/** The pipeline task a TaskRun belongs to. */
export function pipelineTaskOf(tr: TaskRun): string {
  return tr.metadata.labels?.['tekton.dev/pipelineTask'] ?? tr.metadata.name;
}

/** Orders the TaskRuns of a run: by pipeline order (tasks, then finally), unknown ones by start time last. */
export function orderTaskRuns(pr: PipelineRun, taskRuns: readonly TaskRun[]): TaskRun[] {
  const { order } = taskOrder(pr);
  const rank = (tr: TaskRun): number => order.get(pipelineTaskOf(tr)) ?? Number.MAX_SAFE_INTEGER;
  const started = (tr: TaskRun): string => tr.status?.startTime ?? tr.metadata.creationTimestamp ?? '';
  return [...taskRuns].sort((a, b) => rank(a) - rank(b) || started(a).localeCompare(started(b)) || a.metadata.name.localeCompare(b.metadata.name));
}

/** The log sources of a run, in reading order. */
export function logPlan(pr: PipelineRun, taskRuns: readonly TaskRun[], options: LogPlanOptions = {}): LogSource[] {
  const { finallyTasks } = taskOrder(pr);
  const out: LogSource[] = [];
  for (const tr of orderTaskRuns(pr, taskRuns)) {
    const task = pipelineTaskOf(tr);
    const isFinally = finallyTasks.has(task);
    const st = tr.status;
    const specSteps = st?.taskSpec?.steps ?? tr.spec?.taskSpec?.steps ?? [];
    const done = isFinished(runPhase(tr));
    const add = (pod: string, steps: readonly ({ name?: string } | StepState)[], attempt: number, attemptDone: boolean, sidecars: readonly StepState[] = []): void => {
      for (const c of failedInitContainers(options.pods?.get(pod))) {
        out.push({ key: `${pod}/${c.name}`, task, taskRun: tr.metadata.name, pod, container: c.name, step: `init ${c.name}`, attempt, isFinally, ended: attemptDone || c.ended, kind: 'init', ...(c.waitingReason ? { waitingReason: c.waitingReason } : {}) });
      }
      steps.forEach((s, i) => {
        const { container, step } = containerOf(s, i);
        const state = s as StepState;
        const waitingReason = state.waiting?.reason && state.waiting.reason !== 'PodInitializing' ? state.waiting.reason : undefined;
        out.push({
          key: `${pod}/${container}`,
          task,
          taskRun: tr.metadata.name,
          pod,
          container,
          step,
          attempt,
          isFinally,
          ended: attemptDone || !!state.terminated,
          ...(waitingReason ? { waitingReason } : {}),
        });
      });
      if (!options.sidecars) return;
      for (const sc of sidecars) {
        const container = sc.container || `sidecar-${sc.name}`;
        out.push({ key: `${pod}/${container}`, task, taskRun: tr.metadata.name, pod, container, step: `sidecar ${sc.name || container.replace(/^sidecar-/, '')}`, attempt, isFinally, ended: attemptDone || !!sc.terminated, kind: 'sidecar' });
      }
    };
    // An earlier attempt ran the same steps; its own step list is used when Tekton kept one.
    const stepNames = st?.steps?.length ? st.steps.map((s) => ({ name: s.name, ...(s.container ? { container: s.container } : {}) })) : specSteps;
    (st?.retriesStatus ?? []).forEach((r, i) => {
      if (r.podName) add(r.podName, r.steps?.length ? r.steps : stepNames, i, true);
    });
    if (st?.podName) add(st.podName, st.steps?.length ? st.steps : specSteps, st.retriesStatus?.length ?? 0, done, st.sidecars ?? []);
  }
  return out;
}
