// A clock that moves only when a test says so: timers fire in due order inside advance().
import type { Clock, TimerHandle } from './clock';

interface Pending {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** Test clock: `advance(ms)` moves time and runs every timer that falls due, earliest first. */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, Pending>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.time + Math.max(0, ms), fn });
    return { __timer: id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle && typeof handle === 'object' && '__timer' in handle) this.timers.delete(handle.__timer as number);
  }

  /** Timers not yet fired, as delays from now (earliest first). */
  get pending(): number[] {
    return [...this.timers.values()].sort((a, b) => a.due - b.due || a.id - b.id).map((t) => t.due - this.time);
  }

  /** Moves time forward by `ms`, firing due timers in order (a timer set while advancing fires too if it falls due). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers.values()].filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers.delete(next.id);
      this.time = next.due;
      next.fn();
    }
    this.time = end;
  }
}
