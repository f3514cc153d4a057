// Projects a PipelineRun and its TaskRuns into what the run page shows: meta from pipe-events' labels and
// annotations, tasks with their attempts and steps, status in plain words.
import type { RunDetail, RunMeta, RunTask } from '../contract/runs';
import { RUN_KEYS } from '../events/template';
import { orderTaskRuns, pipelineTaskOf } from './log-plan';
import { exitInWords, reasonInWords } from './run-words';
import { runPhase, type PipelineRun, type StepState, type TaskRun } from './tekton-types';

/** Annotation a re-run carries: the name of the run it repeats. */
export const RERUN_OF_ANNOTATION = 'pipe.linecorp.com/rerun-of';

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Who/what started the run and for which commit. */
export function runMeta(pr: PipelineRun): RunMeta {
  const a = { ...(pr.metadata.labels ?? {}), ...(pr.metadata.annotations ?? {}) };
  const pick = (k: string): Record<string, string> => (a[k] ? { [k]: a[k] } : {});
  const get = (k: string): string | undefined => pick(k)[k];
  const rerunOf = get(RERUN_OF_ANNOTATION);
  const managed = get(RUN_KEYS.managedBy) === 'pipe-events';
  const meta: RunMeta = { trigger: rerunOf ? 'rerun' : managed ? 'pipe-events' : 'manual' };
  const set = (key: keyof RunMeta, v: string | undefined): void => {
    if (v) (meta as Record<string, unknown>)[key] = v;
  };
  set('repository', get(RUN_KEYS.repository) ?? (get(RUN_KEYS.repoOwner) && get(RUN_KEYS.repoName) ? `${get(RUN_KEYS.repoOwner)}/${get(RUN_KEYS.repoName)}` : undefined));
  set('sha', get(RUN_KEYS.sha));
  set('ref', get(RUN_KEYS.ref));
  set('prNumber', get(RUN_KEYS.prNumber));
  set('event', get(RUN_KEYS.event));
  set('action', get(RUN_KEYS.action));
  set('sender', get(RUN_KEYS.sender));
  set('deliveryId', get(RUN_KEYS.delivery));
  set('eventObject', get('pipe.linecorp.com/event-object'));
  set('repoUrl', get(RUN_KEYS.repoUrl));
  set('pipeline', get(RUN_KEYS.pipeline) ?? get('tekton.dev/pipeline') ?? pr.spec?.pipelineRef?.name);
  set('rerunOf', rerunOf);
  return meta;
}

function stepOf(s: StepState): RunTask['attempts'][number]['steps'][number] {
  const t = s.terminated;
  const phase = t ? (t.reason === 'TaskRunCancelled' || t.reason === 'Skipped' ? 'skipped' : t.exitCode === 0 ? 'succeeded' : 'failed') : s.running ? 'running' : 'waiting';
  const reason = t ? (t.exitCode !== 0 ? reasonInWords(t.reason === 'Error' ? undefined : t.reason, t.message) : undefined) : s.waiting?.reason && s.waiting.reason !== 'PodInitializing' ? reasonInWords(s.waiting.reason, s.waiting.message) : undefined;
  const exit = t ? exitInWords(t.exitCode, t.reason) : undefined;
  return {
    name: s.name,
    container: s.container ?? `step-${s.name}`,
    phase,
    ...(ms(s.running?.startedAt ?? t?.startedAt) !== undefined ? { startedAt: ms(s.running?.startedAt ?? t?.startedAt)! } : {}),
    ...(ms(t?.finishedAt) !== undefined ? { finishedAt: ms(t?.finishedAt)! } : {}),
    ...(exit ? { exit } : {}),
    ...(reason ? { reason } : {}),
  };
}

function taskOf(name: string, isFinally: boolean, tr: TaskRun | undefined, runDone: boolean): RunTask {
  if (!tr) return { name, isFinally, phase: runDone ? 'Skipped' : 'NotStarted', attempts: [] };
  const st = tr.status;
  const cond = st?.conditions?.find((c) => c.type === 'Succeeded');
  const attempts: RunTask['attempts'] = (st?.retriesStatus ?? []).map((r) => ({
    ...(r.podName ? { pod: r.podName } : {}),
    phase: runPhase({ status: r }),
    ...(ms(r.startTime) !== undefined ? { startedAt: ms(r.startTime)! } : {}),
    ...(ms(r.completionTime) !== undefined ? { completedAt: ms(r.completionTime)! } : {}),
    steps: (r.steps ?? []).map(stepOf),
  }));
  attempts.push({
    ...(st?.podName ? { pod: st.podName } : {}),
    phase: runPhase(tr),
    ...(ms(st?.startTime) !== undefined ? { startedAt: ms(st?.startTime)! } : {}),
    ...(ms(st?.completionTime) !== undefined ? { completedAt: ms(st?.completionTime)! } : {}),
    steps: (st?.steps ?? []).map(stepOf),
  });
  const phase = runPhase(tr);
  const reason = phase === 'Succeeded' ? undefined : reasonInWords(cond?.reason === 'Running' ? undefined : cond?.reason, cond?.message);
  return {
    name,
    taskRun: tr.metadata.name,
    isFinally,
    phase,
    ...((attempts[0]?.startedAt ?? ms(st?.startTime)) !== undefined ? { startedAt: (attempts[0]?.startedAt ?? ms(st?.startTime))! } : {}),
    ...(ms(st?.completionTime) !== undefined ? { completedAt: ms(st?.completionTime)! } : {}),
    attempts,
    ...(reason ? { reason } : {}),
  };
}

/** The whole run page model. */
export function runDetail(context: string, pr: PipelineRun, taskRuns: readonly TaskRun[]): RunDetail {
  const phase = runPhase(pr);
  const cond = pr.status?.conditions?.find((c) => c.type === 'Succeeded');
  const spec = pr.status?.pipelineSpec ?? pr.spec?.pipelineSpec;
  const byTask = new Map(orderTaskRuns(pr, taskRuns).map((tr) => [pipelineTaskOf(tr), tr]));
  const done = phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';
  const tasks = [...(spec?.tasks ?? []).map((t) => taskOf(t.name, false, byTask.get(t.name), done)), ...(spec?.finally ?? []).map((t) => taskOf(t.name, true, byTask.get(t.name), done))];
  const known = new Set(tasks.map((t) => t.name));
  for (const [name, tr] of byTask) if (!known.has(name)) tasks.push(taskOf(name, false, tr, done));
  const failedTask = tasks.find((t) => t.phase === 'Failed');
  const failedStep = failedTask?.attempts.at(-1)?.steps.find((s) => s.phase === 'failed');
  const cancelRequested = /^(Cancelled|CancelledRunFinally|StoppedRunFinally)$/.test(pr.spec?.status ?? '');
  let summary: string;
  if (phase === 'Succeeded') summary = 'Succeeded.';
  else if (phase === 'Failed') {
    const where = failedTask ? ` Task “${failedTask.name}”${failedStep ? `, step “${failedStep.name}”` : ''} failed${failedStep?.exit ? ` (${failedStep.exit})` : ''}.` : '';
    // A failed step with an exit code says enough; generic reasons ("Failed") only when nothing more precise exists.
    const why = failedStep ? failedStep.reason : (failedTask?.reason ?? reasonInWords(cond?.reason, cond?.message));
    summary = `Failed.${where}${why ? ` ${why}` : ''}`;
  } else if (phase === 'Cancelled') summary = reasonInWords(cond?.reason) ?? 'Cancelled.';
  else if (cancelRequested) summary = 'Cancelling — finally tasks still run.';
  else if (phase === 'Pending') summary = pr.spec?.status === 'PipelineRunPending' ? (reasonInWords('PipelineRunPending') ?? 'Pending.') : 'Waiting to start.';
  else summary = `Running (${tasks.filter((t) => t.phase === 'Succeeded').length} of ${tasks.length} tasks done).`;
  return {
    context,
    namespace: pr.metadata.namespace ?? '',
    name: pr.metadata.name,
    ...(pr.metadata.uid ? { uid: pr.metadata.uid } : {}),
    ...(ms(pr.metadata.creationTimestamp) !== undefined ? { createdAt: ms(pr.metadata.creationTimestamp)! } : {}),
    ...(ms(pr.status?.startTime) !== undefined ? { startedAt: ms(pr.status?.startTime)! } : {}),
    ...(ms(pr.status?.completionTime) !== undefined ? { completedAt: ms(pr.status?.completionTime)! } : {}),
    phase,
    ...(cond?.reason ? { reason: cond.reason } : {}),
    summary,
    isCancelRequested: cancelRequested,
    meta: runMeta(pr),
    tasks,
    params: (pr.spec?.params ?? []).map((p) => ({ name: p.name, value: text(p.value) })),
    results: (pr.status?.results ?? []).map((r) => ({ name: r.name, value: text(r.value) })),
    workspaces: (pr.spec?.workspaces ?? []).map((w) => ({ name: String(w.name ?? ''), binding: Object.keys(w).filter((k) => k !== 'name').join(', ') || 'none' })),
    ...(spec ? { pipelineSpec: spec } : {}),
  };
}

/** The spec of a re-run: same pipeline and params, a new generated name, linked to the original. */
export function rerunOf(pr: PipelineRun): Record<string, unknown> & { metadata: { generateName: string; labels: Record<string, string>; annotations: Record<string, string> } } {
  const base = pr.metadata.name.replace(/-r-[a-z0-9]{5}$/, '');
  const labels = Object.fromEntries(Object.entries(pr.metadata.labels ?? {}).filter(([k]) => !k.startsWith('tekton.dev/')));
  const annotations = Object.fromEntries(Object.entries(pr.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/') && !k.startsWith('pipe.linecorp.com/reported-state') && k !== 'pipe.linecorp.com/check-run-id' && k !== 'pipe.linecorp.com/deployment-id'));
  const spec = { ...(pr.spec ?? {}) };
  delete (spec as { status?: string }).status;
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: { generateName: `${base.slice(0, 50)}-r-`, ...(pr.metadata.namespace ? { namespace: pr.metadata.namespace } : {}), labels, annotations: { ...annotations, [RERUN_OF_ANNOTATION]: pr.metadata.name } },
    spec,
  };
}
