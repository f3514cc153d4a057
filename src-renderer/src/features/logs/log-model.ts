// The renderer side of one log subscription: lines in a compact store, sources and their states; views read it
// through `version` (bumped at most once per frame) instead of re-rendering per line.
import type { LogEvent, LogSourceState } from '../../../../src-shared/contract/logs';
import { LogLineStore } from '../../../../src-shared/logs/line-store';

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
          this.store.sourceId(label);
          break;
        }
        case 'lines': {
          const src = this.sources.get(e.source);
          const sid = src ? this.store.sourceId(src.label) : 0;
          this.store.append(e.texts.map((text, i) => ({ text, timeMs: e.times[i] ?? Number.NaN, source: sid })));
          if (src) src.lines += e.texts.length;
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

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
