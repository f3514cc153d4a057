// Moves lines from shared logs to one subscriber, a bounded batch per frame: a chatty step cannot flood the transport,
// and the follower behind it waits (reads nothing more) until this subscriber has caught up.
import type { LogEvent } from '../../src-shared/contract/logs';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { LogReader, SharedContainerLog } from './shared-container-log';

/** Pump limits. */
export interface LogPumpOptions {
  readonly frameMs?: number;
  readonly maxLinesPerFrame?: number;
  readonly clock?: Clock;
}

interface Attached {
  readonly source: number;
  readonly log: SharedContainerLog;
  readonly reader: LogReader;
  readonly detach: () => void;
  lastState: string | undefined;
  drained: boolean;
}

/** Emits `lines` and `source-state` events for the logs attached to it. */
export class LogPump {
  private readonly attached = new Map<number, Attached>();
  private timer: TimerHandle | undefined;
  private disposed = false;
  private readonly clock: Clock;
  /** Called after a frame in which an attached log was read to its end and has settled. */
  onDrained: ((source: number) => void) | undefined;

  constructor(
    private readonly emit: (event: LogEvent) => boolean,
    private readonly options: LogPumpOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  attach(source: number, log: SharedContainerLog): void {
    const reader: LogReader = { cursor: 0, onChange: () => this.schedule() };
    const detach = log.addReader(reader);
    this.attached.set(source, { source, log, reader, detach, lastState: undefined, drained: false });
    this.schedule();
  }

  /** True once the source's log settled and every line of it was emitted. */
  isDrained(source: number): boolean {
    return this.attached.get(source)?.drained ?? false;
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
    for (const a of this.attached.values()) a.detach();
    this.attached.clear();
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.frame();
    }, this.options.frameMs ?? 16);
  }

  private frame(): void {
    let budget = this.options.maxLinesPerFrame ?? 5000;
    let more = false;
    const drainedNow: number[] = [];
    for (const a of this.attached.values()) {
      if (a.drained) continue;
      if (budget > 0 && a.reader.cursor < a.log.end) {
        const { texts, times } = a.log.read(a.reader, budget);
        budget -= texts.length;
        if (texts.length && !this.emit({ type: 'lines', source: a.source, texts, times })) return this.dispose();
      }
      if (a.log.state !== a.lastState) {
        a.lastState = a.log.state;
        this.emit({ type: 'source-state', source: a.source, state: a.log.state, ...(a.log.message ? { message: a.log.message } : {}) });
      }
      if (a.reader.cursor < a.log.end) more = true;
      else if (a.log.isSettled) {
        a.drained = true;
        drainedNow.push(a.source);
      }
    }
    if (more) this.schedule();
    for (const s of drainedNow) this.onDrained?.(s);
  }
}
