// Above a run's log: "All" and one tab per task (in the order the log met them; finally tasks marked), each with a
// status dot, to show the merged log or one task's lines. Arrow keys, Home and End move between tabs (roving tabindex).
import { useRef, useSyncExternalStore, type KeyboardEvent, type ReactElement } from 'react';
import type { LogSourceState } from '../../../../src-shared/contract/logs';
import type { LogModel, LogTaskInfo } from './log-model';

/** A task's state as its dot shows it. */
export type TaskDot = 'waiting' | 'running' | 'succeeded' | 'failed' | 'done' | 'unreadable';

const WORDS: Record<TaskDot, string> = {
  waiting: 'waiting',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  done: 'log complete',
  unreadable: 'log not readable',
};

/** The dot for a task from its sources' states (when the run's own task phases are not known). */
export function dotFromSources(model: LogModel, task: LogTaskInfo): TaskDot {
  const states = new Set<LogSourceState>(task.sources.map((id) => model.sources.get(id)?.state ?? 'pending'));
  if (states.has('failed') || states.has('gone')) return 'unreadable';
  if (states.has('following') || states.has('reconnecting')) return 'running';
  if (states.has('waiting') || states.has('pending')) return 'waiting';
  return 'done';
}

/** Props of LogTaskTabs. */
export interface LogTaskTabsProps {
  readonly model: LogModel;
  /** The task shown, or undefined for all. */
  readonly selected: string | undefined;
  readonly onSelect: (task: string | undefined) => void;
  /** Dots from the run (task name → state), when the page knows them; else from the log's sources. */
  readonly dots?: ReadonlyMap<string, TaskDot>;
}

/** The tab strip; nothing while the log has no named task. */
export function LogTaskTabs({ model, selected, onSelect, dots }: LogTaskTabsProps): ReactElement | null {
  useSyncExternalStore(
    (fn) => model.onDidChange(fn),
    () => model.version,
  );
  const listRef = useRef<HTMLDivElement>(null);
  const tasks = [...model.tasks.values()].filter((t) => t.name);
  if (!tasks.length) return null;
  const keys: (string | undefined)[] = [undefined, ...tasks.map((t) => t.name)];
  const at = Math.max(0, keys.indexOf(selected));
  const onKeyDown = (e: KeyboardEvent): void => {
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? keys.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const i = (next + keys.length) % keys.length;
    onSelect(keys[i]);
    listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]')[i]?.focus();
  };
  return (
    <div ref={listRef} className="logv__tasks" role="tablist" aria-label="Log of" onKeyDown={onKeyDown}>
      <button type="button" role="tab" aria-selected={selected === undefined} tabIndex={selected === undefined ? 0 : -1} className="logv__task" onClick={() => onSelect(undefined)}>
        All
      </button>
      {tasks.map((t) => {
        const dot = dots?.get(t.name) ?? dotFromSources(model, t);
        const isSelected = selected === t.name;
        return (
          <button
            key={t.name}
            type="button"
            role="tab"
            aria-selected={isSelected}
            tabIndex={isSelected ? 0 : -1}
            className="logv__task"
            data-task={t.name}
            title={`${t.name}${t.isFinally ? ' (finally)' : ''}: ${WORDS[dot]}`}
            onClick={() => onSelect(t.name)}
          >
            <span className={`logv__dot logv__dot--${dot}`} role="img" aria-label={WORDS[dot]} />
            {t.name}
            {t.isFinally && <span className="logv__finally">finally</span>}
          </button>
        );
      })}
    </div>
  );
}
