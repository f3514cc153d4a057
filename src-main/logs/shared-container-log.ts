// One container's log shared by every view that shows it: one follower, a bounded history, readers with cursors.
// The follower waits (reads no further from the socket) while the slowest reader is more than `highWater` lines behind.
import { ContainerLogFollower, type FollowedLines, type FollowerState, type LogStreamOpener } from '../../src-node/kube/pod-log-follower';
import type { Clock } from '../../src-node/time/clock';

/** A view reading a shared log. */
export interface LogReader {
  /** Absolute index of the next line this reader will read. */
  cursor: number;
  /** Called when lines or the state changed. */
  readonly onChange: () => void;
}

/** Limits of a shared log. */
export interface SharedLogLimits {
  /** Lines kept for views that join later (more only while a reader still needs them). */
  readonly historyLines: number;
  /** Reading pauses while a reader is this many lines behind… */
  readonly highWater: number;
  /** …and resumes once it is this close again. */
  readonly lowWater: number;
}

export const DEFAULT_LOG_LIMITS: SharedLogLimits = { historyLines: 200_000, highWater: 50_000, lowWater: 10_000 };

/** Where to read one container's log from. */
export interface ContainerTarget {
  readonly opener: LogStreamOpener;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** A followed container log with its history and readers. */
export class SharedContainerLog {
  private texts: string[] = [];
  private times: (number | null)[] = [];
  private base = 0;
  private readonly readers = new Set<LogReader>();
  private readonly roomWaiters: (() => void)[] = [];
  private follower: ContainerLogFollower;
  private endedCheck: (() => boolean | Promise<boolean>) | undefined;
  state: FollowerState | 'pending' = 'pending';
  message: string | undefined;

  constructor(
    target: ContainerTarget,
    private readonly limits: SharedLogLimits = DEFAULT_LOG_LIMITS,
    clock?: Clock,
  ) {
    this.follower = new ContainerLogFollower({
      ...target,
      ...(clock ? { clock } : {}),
      onLines: (lines) => this.append(lines),
      onState: (state, message) => {
        this.state = state;
        this.message = message;
        this.notify();
      },
      hasEnded: async () => this.endedCheck?.() ?? false,
    });
  }

  /** One past the newest line's index. */
  get end(): number {
    return this.base + this.texts.length;
  }

  /** Index of the oldest line still held. */
  get first(): number {
    return this.base;
  }

  /** True once the follower stopped for good (done, gone, failed). */
  get isSettled(): boolean {
    return this.state === 'done' || this.state === 'gone' || this.state === 'failed';
  }

  /** Tells the follower how to know the container has ended (a clean stream end then means the log is complete). */
  setEndedCheck(check: () => boolean | Promise<boolean>): void {
    this.endedCheck = check;
  }

  /** The container ended: read the rest and stop. */
  finish(): void {
    this.follower.finish();
  }

  addReader(reader: LogReader): () => void {
    reader.cursor = Math.max(reader.cursor, this.base);
    this.readers.add(reader);
    return () => {
      this.readers.delete(reader);
      this.releaseRoom();
    };
  }

  /** Up to `max` lines from `reader.cursor`; advances the cursor. */
  read(reader: LogReader, max: number): { texts: string[]; times: (number | null)[] } {
    const from = Math.max(reader.cursor, this.base) - this.base;
    const to = Math.min(this.texts.length, from + max);
    reader.cursor = this.base + to;
    const out = { texts: this.texts.slice(from, to), times: this.times.slice(from, to) };
    this.trim();
    this.releaseRoom();
    return out;
  }

  dispose(): void {
    this.follower.dispose();
    this.releaseRoom(true);
  }

  /** Settles when the follower has stopped. */
  get stopped(): Promise<void> {
    return this.follower.stopped;
  }

  private append({ texts, times }: FollowedLines): Promise<void> | void {
    for (let i = 0; i < texts.length; i++) {
      this.texts.push(texts[i]!);
      this.times.push(times[i]!);
    }
    this.trim();
    this.notify();
    if (this.lag() > this.limits.highWater) return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  private lag(): number {
    let min = this.end;
    for (const r of this.readers) min = Math.min(min, r.cursor);
    return this.end - min;
  }

  private trim(): void {
    let keepFrom = this.end - this.limits.historyLines;
    for (const r of this.readers) keepFrom = Math.min(keepFrom, r.cursor);
    const drop = keepFrom - this.base;
    // Drop in large steps: shifting arrays line by line would cost O(n) each time.
    if (drop > Math.max(1024, this.limits.historyLines / 4)) {
      this.texts = this.texts.slice(drop);
      this.times = this.times.slice(drop);
      this.base += drop;
    }
  }

  private releaseRoom(all = false): void {
    if (!this.roomWaiters.length || (!all && this.lag() > this.limits.lowWater)) return;
    for (const w of this.roomWaiters.splice(0)) w();
  }

  private notify(): void {
    for (const r of this.readers) r.onChange();
  }
}
