// When a watched run counts as finished, and what its desktop notification says — one place for the desktop app's
// host notifier and browser mode's Web Notifications.
import type { RunDetail } from '../contract/runs';
import { formatDuration } from '../clusters/format';

const FINISHED = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** Whether a run phase is final (Succeeded, Failed, Cancelled). */
export function isRunFinished(phase: string): boolean {
  return FINISHED.has(phase);
}

/** What to do after one observation of a watched run. */
export type RunFinishStep = 'keep-watching' | 'notify' | 'stop-quietly';

/**
 * Follows one run's snapshots, across reconnects and repeated snapshots: a run seen unfinished and then finished is
 * announced exactly once; a run already finished when first seen is not announced (the user saw its result).
 */
export class RunFinishTracker {
  private seenUnfinished = false;
  private ended = false;

  /** The step for this snapshot's phase. */
  observe(phase: string): RunFinishStep {
    if (this.ended) return 'stop-quietly';
    if (!isRunFinished(phase)) {
      this.seenUnfinished = true;
      return 'keep-watching';
    }
    this.ended = true;
    return this.seenUnfinished ? 'notify' : 'stop-quietly';
  }

  /** The run is gone (deleted) or no longer watched: nothing more is announced. */
  end(): void {
    this.ended = true;
  }
}

/** The text of a run's notification. */
export interface RunNotificationText {
  readonly title: string;
  readonly body: string;
}

const VERB: Readonly<Record<string, string>> = { Succeeded: 'succeeded', Failed: 'failed', Cancelled: 'cancelled' };

/** `branch main`, `PR #12`, `tag v1.2.0`, or undefined. */
function whereOf(meta: RunDetail['meta']): string | undefined {
  if (meta.prNumber) return `PR #${meta.prNumber}`;
  const ref = meta.ref;
  if (!ref) return undefined;
  if (ref.startsWith('refs/tags/')) return `tag ${ref.slice('refs/tags/'.length)}`;
  return `branch ${ref.replace(/^refs\/heads\//, '')}`;
}

/**
 * Title `<pipeline> succeeded|failed|cancelled`; body: repository, branch or PR, the failure reason in plain
 * words (the run page's summary), and how long it took.
 */
export function runNotificationText(run: Pick<RunDetail, 'name' | 'phase' | 'summary' | 'meta' | 'createdAt' | 'startedAt' | 'completedAt'>): RunNotificationText {
  const title = `${run.meta.pipeline ?? run.name} ${VERB[run.phase] ?? run.phase.toLowerCase()}`;
  const began = run.startedAt ?? run.createdAt;
  const took = began !== undefined && run.completedAt !== undefined ? formatDuration(run.completedAt - began) : '';
  const head = [run.meta.repository, whereOf(run.meta), took ? `took ${took}` : undefined].filter((s): s is string => !!s).join(' · ');
  const reason = run.phase === 'Failed' ? run.summary.replace(/^Failed\.\s*/, '').trim() : '';
  const body = [head || run.name, reason].filter((s) => s !== '').join('\n');
  return { title, body };
}
