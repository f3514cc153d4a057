// What the log cannot show as lines: containers waiting to start (and why), reconnecting, gone or failed, and the
// run's own end message (e.g. the run or its namespace was deleted) — one line each above the log.
import type { ReactElement } from 'react';
import type { LogModel } from './log-model';

const WORDS: Record<string, string> = {
  waiting: 'waiting to start',
  reconnecting: 'reconnecting…',
  gone: 'pod gone',
  failed: 'could not be read',
};

/** The notable states of a log's sources, or of one task's (re-rendered by the viewer on each model version). */
export function LogStates({ model, task }: { model: LogModel; task?: string }): ReactElement | null {
  const rows = [...model.sources.values()].filter((s) => WORDS[s.state] && (task === undefined || s.task === task));
  const run = model.run?.message && (model.run.phase === 'NotFound' || model.run.complete) ? model.run : undefined;
  if (!rows.length && !run) return null;
  return (
    <ul className="logv__states" aria-label="Log sources" data-testid="log-states">
      {rows.map((s) => (
        <li key={s.id} className={`logv__state logv__state--${s.state}`}>
          <b>{s.label}</b>: {WORDS[s.state]}
          {s.message ? ` — ${s.message}` : ''}
        </li>
      ))}
      {run && <li className="logv__state">{run.message}</li>}
    </ul>
  );
}
