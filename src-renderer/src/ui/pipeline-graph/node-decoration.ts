// Per-node run decoration for the pipeline graph (the run page colours tasks by status and shows durations).

/** Status of a task in a run. */
export type NodeRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** How the run page decorates one node (keyed by pipeline task name). */
export interface NodeDecoration {
  readonly status: NodeRunStatus;
  /** Elapsed or total time of the task's TaskRun(s). */
  readonly durationMs?: number;
  /** Shown on hover, e.g. the failure reason. */
  readonly detail?: string;
}

/** `850 ms`, `42 s`, `3 m 05 s`, `1 h 02 m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}
