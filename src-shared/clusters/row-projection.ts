// Projects full Kubernetes objects onto the compact rows the tables show (the full object stays on the host).
import type { EventRow, NamespaceRow, PodRow, RowByKind, RunRow, RunStatus } from '../contract/clusters';

/** The loose shape of any Kubernetes object read from JSON. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly creationTimestamp?: string;
    readonly deletionTimestamp?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly { kind: string; name: string; uid?: string; controller?: boolean; apiVersion?: string }[];
  };
  readonly spec?: unknown;
  readonly status?: unknown;
  readonly [key: string]: unknown;
}

type Obj = Record<string, unknown>;

/** Parses an RFC 3339 time to epoch ms (undefined when absent or invalid). */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function base(o: KubeObject): { uid: string; name: string; namespace?: string; createdAt: number } {
  const m = o.metadata ?? {};
  const ns = m.namespace;
  return {
    uid: m.uid ?? `${ns ?? ''}/${m.name ?? ''}`,
    name: m.name ?? '',
    ...(ns ? { namespace: ns } : {}),
    createdAt: timeOf(m.creationTimestamp) ?? 0,
  };
}

const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Namespace → row. */
export function namespaceToRow(o: KubeObject): NamespaceRow {
  return { ...base(o), phase: str(rec(o.status).phase) ?? 'Active' };
}

/** Pod → row, with STATUS computed the way kubectl prints it. */
export function podToRow(o: KubeObject): PodRow {
  const status = rec(o.status);
  const spec = rec(o.spec);
  const statuses = arr(status.containerStatuses);
  const containers = arr(spec.containers).length || statuses.length;
  let ready = 0;
  let restarts = 0;
  for (const cs of statuses) {
    if (cs.ready === true) ready++;
    restarts += typeof cs.restartCount === 'number' ? cs.restartCount : 0;
  }
  const phase = str(status.phase) ?? 'Pending';
  const node = str(spec.nodeName);
  return {
    ...base(o),
    phase,
    status: podDisplayStatus(o, phase),
    ready,
    containers,
    restarts,
    ...(node ? { node } : {}),
  };
}

function podDisplayStatus(o: KubeObject, phase: string): string {
  const status = rec(o.status);
  let reason = str(status.reason) ?? phase;
  const inits = arr(status.initContainerStatuses);
  const initCount = arr(rec(o.spec).initContainers).length || inits.length;
  let initializing = false;
  inits.forEach((cs, i) => {
    if (initializing) return;
    const term = rec(rec(cs.state).terminated);
    const waiting = rec(rec(cs.state).waiting);
    if (str(term.reason) !== undefined || term.exitCode !== undefined) {
      if (term.exitCode === 0) return;
      reason = `Init:${str(term.reason) ?? `ExitCode:${String(term.exitCode)}`}`;
      initializing = true;
    } else if (str(waiting.reason) && waiting.reason !== 'PodInitializing') {
      reason = `Init:${String(waiting.reason)}`;
      initializing = true;
    } else if (Object.keys(rec(cs.state)).length > 0 && !rec(cs.state).terminated) {
      reason = `Init:${i}/${initCount}`;
      initializing = true;
    }
  });
  if (!initializing) {
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const state = rec(statuses[i]!.state);
      const waiting = rec(state.waiting);
      const term = rec(state.terminated);
      if (str(waiting.reason)) reason = String(waiting.reason);
      else if (str(term.reason)) reason = String(term.reason);
      else if (state.terminated) reason = term.signal ? `Signal:${String(term.signal)}` : `ExitCode:${String(term.exitCode)}`;
      else if (state.running && statuses[i]!.ready === true) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (o.metadata?.deletionTimestamp && status.reason !== 'NodeLost') reason = 'Terminating';
  return reason;
}

/** Event (core/v1) → row. */
export function eventToRow(o: KubeObject): EventRow {
  const e = o as Obj;
  const involved = rec(e.involvedObject);
  const series = rec(e.series);
  const b = base(o);
  const lastSeen =
    timeOf(series.lastObservedTime) ?? timeOf(e.lastTimestamp) ?? timeOf(e.eventTime) ?? timeOf(e.firstTimestamp) ?? b.createdAt;
  const count = typeof series.count === 'number' ? series.count : typeof e.count === 'number' ? e.count : 1;
  return {
    ...b,
    type: str(e.type) ?? 'Normal',
    reason: str(e.reason) ?? '',
    message: (str(e.message) ?? '').slice(0, 2000),
    object: `${str(involved.kind) ?? '?'}/${str(involved.name) ?? '?'}`,
    count,
    lastSeen,
  };
}

const CANCELLED_REASONS = new Set([
  'Cancelled',
  'PipelineRunCancelled',
  'TaskRunCancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
]);
const PENDING_REASONS = new Set(['Pending', 'PipelineRunPending', 'TaskRunPending', 'ResolvingPipelineRef', 'ResolvingTaskRef']);

/** Tekton's Succeeded condition → one status word. */
export function runStatusOf(o: KubeObject): { status: RunStatus; reason?: string } {
  const status = rec(o.status);
  const cond = arr(status.conditions).find((c) => c.type === 'Succeeded');
  const reason = str(cond?.reason);
  const withReason = (s: RunStatus): { status: RunStatus; reason?: string } => (reason ? { status: s, reason } : { status: s });
  if (!cond) {
    const specStatus = str(rec(o.spec).status);
    if (specStatus && /Cancelled/.test(specStatus)) return { status: 'Cancelled', reason: specStatus };
    return specStatus ? { status: 'Pending', reason: specStatus } : { status: 'Pending' };
  }
  if (cond.status === 'True') return withReason('Succeeded');
  if (cond.status === 'False') return withReason(reason && CANCELLED_REASONS.has(reason) ? 'Cancelled' : 'Failed');
  if (cond.status === 'Unknown') {
    if ((reason && PENDING_REASONS.has(reason)) || !timeOf(status.startTime)) return withReason('Pending');
    return withReason('Running');
  }
  return withReason('Unknown');
}

const TRIGGER_PREFIXES = ['triggers.tekton.dev/', 'pipe.linecorp.com/'];

/** Labels written by Tekton Triggers and PIPE events, keyed by their short names. */
export function triggerLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!labels) return undefined;
  let out: Record<string, string> | undefined;
  let n = 0;
  for (const [k, v] of Object.entries(labels)) {
    const prefix = TRIGGER_PREFIXES.find((p) => k.startsWith(p));
    if (!prefix || n >= 8) continue;
    out ??= {};
    out[k.slice(prefix.length).replace(/^triggers-/, '')] = v.slice(0, 200);
    n++;
  }
  return out;
}

function runToRow(o: KubeObject, parent: string | undefined, task: string | undefined): RunRow {
  const status = rec(o.status);
  const { status: s, reason } = runStatusOf(o);
  const startedAt = timeOf(status.startTime);
  const completedAt = timeOf(status.completionTime);
  const trigger = triggerLabels(o.metadata?.labels);
  return {
    ...base(o),
    status: s,
    ...(reason ? { reason } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(completedAt !== undefined ? { completedAt } : {}),
    ...(parent ? { parent } : {}),
    ...(task ? { task } : {}),
    ...(trigger ? { trigger } : {}),
  };
}

/** PipelineRun (tekton.dev/v1) → row. */
export function pipelineRunToRow(o: KubeObject): RunRow {
  const labels = o.metadata?.labels ?? {};
  return runToRow(o, labels['tekton.dev/pipeline'] ?? str(rec(rec(o.spec).pipelineRef).name), undefined);
}

/** TaskRun (tekton.dev/v1) → row. */
export function taskRunToRow(o: KubeObject): RunRow {
  const labels = o.metadata?.labels ?? {};
  return runToRow(o, labels['tekton.dev/pipelineRun'], labels['tekton.dev/pipelineTask'] ?? labels['tekton.dev/task'] ?? str(rec(rec(o.spec).taskRef).name));
}

/** The projector of each resource kind. */
export const ROW_PROJECTORS: { readonly [K in keyof RowByKind]: (o: KubeObject) => RowByKind[K] } = {
  namespaces: namespaceToRow,
  pods: podToRow,
  events: eventToRow,
  pipelineruns: pipelineRunToRow,
  taskruns: taskRunToRow,
};

/** Shallow equality of two rows (nested `trigger` compared by entries); unchanged rows are not re-sent. */
export function sameRow(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const va = (a as Obj)[k];
    const vb = (b as Obj)[k];
    if (va === vb) continue;
    if (va && vb && typeof va === 'object' && typeof vb === 'object') {
      if (!sameRow(va, vb)) return false;
      continue;
    }
    return false;
  }
  return true;
}
