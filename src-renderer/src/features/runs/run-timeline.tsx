// TaskRuns and their steps as bars on one time axis (retries as separate rows), like a trace view.
import type { ReactElement } from 'react';
import type { RunDetail } from '../../../../src-shared/contract/runs';
import { formatDuration } from '../../ui/pipeline-graph';

interface Bar {
  readonly key: string;
  readonly task: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly phase: string;
  readonly depth: 0 | 1;
}

function bars(run: RunDetail, now: number): Bar[] {
  const out: Bar[] = [];
  for (const t of run.tasks) {
    t.attempts.forEach((a, i) => {
      if (a.startedAt === undefined) return;
      const label = `${t.name}${t.attempts.length > 1 ? ` (attempt ${i + 1})` : ''}${t.isFinally ? ' · finally' : ''}`;
      out.push({ key: `${t.name}#${i}`, task: t.name, label, start: a.startedAt, end: a.completedAt ?? now, phase: a.phase, depth: 0 });
      for (const s of a.steps) {
        if (s.startedAt === undefined) continue;
        out.push({ key: `${t.name}#${i}/${s.name}`, task: t.name, label: s.name, start: s.startedAt, end: s.finishedAt ?? a.completedAt ?? now, phase: s.phase, depth: 1 });
      }
    });
  }
  return out;
}

/** The run's timeline; `now` ends bars that are still running; `onSelectTask` makes labels and bars pick a task. */
export function RunTimeline({ run, now, onSelectTask }: { run: RunDetail; now: number; onSelectTask?: (task: string) => void }): ReactElement {
  const list = bars(run, now);
  if (!list.length) return <p className="runp__muted">Nothing has started yet.</p>;
  const t0 = Math.min(...list.map((b) => b.start));
  const t1 = Math.max(...list.map((b) => b.end), t0 + 1000);
  const span = t1 - t0;
  return (
    <div className="runp__timeline" role="list" aria-label="Timeline">
      {list.map((b) => (
        <div key={b.key} className={`runp__tl-row runp__tl-row--d${b.depth}`} role="listitem" data-bar={b.key}>
          {onSelectTask ? (
            <button type="button" className="runp__tl-label runp__tl-pick" title={`${b.label}: show its log`} onClick={() => onSelectTask(b.task)}>
              {b.label}
            </button>
          ) : (
            <span className="runp__tl-label" title={b.label}>
              {b.label}
            </span>
          )}
          <span className="runp__tl-track" {...(onSelectTask ? { onClick: () => onSelectTask(b.task) } : {})}>
            <span
              className={`runp__tl-bar runp__tl-bar--${b.phase.toLowerCase()}`}
              style={{ left: `${((b.start - t0) / span) * 100}%`, width: `${Math.max(0.5, ((b.end - b.start) / span) * 100)}%` }}
              title={`${b.label}: ${formatDuration(b.end - b.start)}`}
            />
          </span>
          <span className="runp__tl-dur">{formatDuration(b.end - b.start)}</span>
        </div>
      ))}
    </div>
  );
}
