// The renderer side of one log subscription: lines in a compact store, sources and their states; views read it
// through `version` (bumped at most once per frame) instead of re-rendering per line.
import type { LogEvent, LogSourceState } from '../../../../src-shared/contract/logs';
import { LogLineStore } from '../../../../src-shared/logs/line-store';
import { LineIndex } from './line-index';
import { allLines, taskLines, type LogLines } from './log-lines';

/** A container as the log view names it. */
export interface LogSourceInfo {
  readonly id: number;
  readonly label: string;
  readonly task: string;
  readonly step: string;
  readonly pod: string;
  readonly container: string;
  readonly attempt: number;
  state: LogSourceState;
  message?: string;
  /** Lines of this source so far. */
  lines: number;
}

/** A task of a run's log: its sources and the store lines it printed, kept as lines arrive. */
export interface LogTaskInfo {
  readonly name: string;
  isFinally: boolean;
  /** Model source ids (steps, attempts), in arrival order. */
  readonly sources: number[];
  /** Store source ids of this task: 1 at each id (a search filter). */
  mask: Uint8Array;
  readonly index: LineIndex;
}

/** A run's phase as the log stream reports it. */
export interface LogRunInfo {
  phase: string;
  complete: boolean;
  message?: string;
}

type Listener = () => void;

/** Holds a log's lines and metadata; notifies listeners once per animation frame. */
export class LogModel {
  readonly store: LogLineStore;
  readonly sources = new Map<number, LogSourceInfo>();
  run: LogRunInfo | undefined;
  /** Reconnect marks: line index where a source resumed after a broken stream. */
  readonly reconnects: number[] = [];
  /** Tasks in the order their first source arrived. */
  readonly tasks = new Map<string, LogTaskInfo>();
  /** What a task view prints before a line, by store source id: the step (and retry). */
  readonly stepLabels: string[] = [];
  version = 0;
  private readonly listeners = new Set<Listener>();
  private scheduled = false;

  constructor(maxLines?: number) {
    this.store = new LogLineStore(maxLines ? { maxLines } : {});
  }

  /** Applies events from the host. */
  apply(events: readonly LogEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'source': {
          const label = e.task ? `${e.task} › ${e.step}${e.attempt ? ` (retry ${e.attempt})` : ''}` : e.step;
          this.sources.set(e.source, { id: e.source, label, task: e.task, step: e.step, pod: e.pod, container: e.container, attempt: e.attempt, state: 'pending', lines: 0 });
          const sid = this.store.sourceId(label);
          this.stepLabels[sid] = `${e.step}${e.attempt ? ` (retry ${e.attempt})` : ''}`;
          this.addToTask(e.task, e.isFinally, e.source, sid);
          break;
        }
        case 'lines': {
          const src = this.sources.get(e.source);
          const sid = src ? this.store.sourceId(src.label) : 0;
          const at = this.store.end;
          const first = this.store.first;
          this.store.append(e.texts.map((text, i) => ({ text, timeMs: e.times[i] ?? Number.NaN, source: sid })));
          if (src) {
            src.lines += e.texts.length;
            this.tasks.get(src.task)?.index.pushRun(at, e.texts.length);
          }
          if (this.store.first !== first) for (const t of this.tasks.values()) t.index.dropBelow(this.store.first);
          break;
        }
        case 'source-state': {
          const src = this.sources.get(e.source);
          if (!src) break;
          if (e.state === 'reconnecting' && src.state !== 'reconnecting') this.reconnects.push(this.store.end);
          src.state = e.state;
          if (e.message) src.message = e.message;
          else delete src.message;
          break;
        }
        case 'run':
          this.run = { phase: e.phase, complete: e.complete, ...(e.message ? { message: e.message } : {}) };
          break;
      }
    }
    this.changed();
  }

  /** The lines a view shows: all of them, or one task's (`task` names a task of `tasks`). */
  lines(task?: string): LogLines {
    const t = task === undefined ? undefined : this.tasks.get(task);
    return t ? taskLines(this.store, t.index, t.mask, task!) : allLines(this.store);
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private addToTask(name: string, isFinally: boolean, source: number, sid: number): void {
    let t = this.tasks.get(name);
    if (!t) {
      t = { name, isFinally, sources: [], mask: new Uint8Array(8), index: new LineIndex() };
      this.tasks.set(name, t);
    }
    t.isFinally ||= isFinally;
    t.sources.push(source);
    if (sid >= t.mask.length) {
      const next = new Uint8Array(Math.max(sid + 1, t.mask.length * 2));
      next.set(t.mask);
      t.mask = next;
    }
    t.mask[sid] = 1;
  }

  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const fire = (): void => {
      this.scheduled = false;
      this.version++;
      for (const l of this.listeners) l();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fire);
    else setTimeout(fire, 16);
  }
}
