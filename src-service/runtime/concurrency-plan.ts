// Pure scheduling for one repository in one namespace: cancel-in-progress per group, then release pending runs in order up to the limit.

/** What the planner needs to know about one run. */
export interface RunView {
  readonly name: string;
  /** Concurrency group (repo + pipeline + branch/PR); only used when `cancelInProgress`. */
  readonly group: string;
  readonly cancelInProgress: boolean;
  /** Sortable queue position (receipt time + index). */
  readonly queuedAt: string;
  readonly state: 'pending' | 'running' | 'done';
  /** Cancellation already requested (does not hold a slot any more). */
  readonly cancelRequested: boolean;
}

/** Patches to apply. */
export interface ConcurrencyPlan {
  /** Set `spec.status: Cancelled`. */
  readonly cancel: readonly string[];
  /** Remove `spec.status: PipelineRunPending`, oldest first. */
  readonly release: readonly string[];
}

const byQueue = (a: RunView, b: RunView): number =>
  a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * Plans one step. Cancel-in-progress keeps only the newest live run of each group; the limit (0 = none) counts running runs
 * that are not being cancelled, and the oldest pending runs fill the free slots.
 */
export function planConcurrency(runs: readonly RunView[], limit: number): ConcurrencyPlan {
  const live = runs.filter((r) => r.state !== 'done' && !r.cancelRequested);
  const cancel = new Set<string>();
  const newestByGroup = new Map<string, RunView>();
  for (const r of live) {
    if (!r.cancelInProgress) continue;
    const cur = newestByGroup.get(r.group);
    if (!cur || byQueue(cur, r) < 0) newestByGroup.set(r.group, r);
  }
  for (const r of live) {
    if (r.cancelInProgress && newestByGroup.get(r.group) !== r) cancel.add(r.name);
  }
  const remaining = live.filter((r) => !cancel.has(r.name));
  const pending = remaining.filter((r) => r.state === 'pending').sort(byQueue);
  const running = remaining.filter((r) => r.state === 'running').length;
  const slots = limit <= 0 ? pending.length : Math.max(0, limit - running);
  return { cancel: [...cancel].sort(), release: pending.slice(0, slots).map((r) => r.name) };
}
