// A keyed work queue with bounded concurrency: a key is never processed twice at once, re-adds while busy run once more after.
import type { Disposable } from '../../src-shared/util/disposable';

/** Processes one key; throwing requeues with backoff (the handler decides when to give up). */
export type WorkHandler = (key: string) => Promise<void>;

/** Options of a queue. */
export interface WorkQueueOptions {
  /** Max handlers at once; a function is asked again on every pump (backpressure), re-checked every 100 ms while limited. */
  readonly concurrency: number | (() => number);
  readonly onError?: (key: string, err: unknown) => void;
  /** Backoff for failed keys: base × 2^failures, capped. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly onDepth?: (depth: number) => void;
}

/** FIFO of keys (deduplicated) worked by up to `concurrency` handlers. */
export class WorkQueue implements Disposable {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private stopped = false;
  private repumpTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handler: WorkHandler,
    private readonly opts: WorkQueueOptions,
  ) {}

  /** Adds a key now (no-op when already queued; remembered when being processed). */
  add(key: string): void {
    if (this.stopped) return;
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t);
      this.timers.delete(key);
    }
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.opts.onDepth?.(this.queue.length);
    this.pump();
  }

  /** Adds a key after a delay (an earlier delayed add wins). */
  addAfter(key: string, ms: number): void {
    if (this.stopped || this.timers.has(key)) return;
    if (ms <= 0) return this.add(key);
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    t.unref?.();
    this.timers.set(key, t);
  }

  /** Keys waiting plus keys being processed. */
  get size(): number {
    return this.queue.length + this.active.size;
  }

  /** Stops taking work and waits (up to `timeoutMs`) for handlers in flight. */
  async drain(timeoutMs = 30_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.repumpTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    if (this.active.size === 0) return;
    await Promise.race([
      new Promise<void>((r) => this.idleWaiters.push(r)),
      new Promise<void>((r) => setTimeout(r, timeoutMs).unref()),
    ]);
  }

  dispose(): Promise<void> {
    return this.drain(0);
  }

  private pump(): void {
    const limit =
      typeof this.opts.concurrency === 'function' ? this.opts.concurrency() : this.opts.concurrency;
    if (
      this.active.size >= limit &&
      this.queue.length > 0 &&
      !this.repumpTimer &&
      !this.stopped &&
      typeof this.opts.concurrency === 'function'
    ) {
      this.repumpTimer = setTimeout(() => {
        this.repumpTimer = undefined;
        this.pump();
      }, 100);
      this.repumpTimer.unref?.();
    }
    while (!this.stopped && this.active.size < limit && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.active.add(key);
      this.opts.onDepth?.(this.queue.length);
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    let failed = false;
    try {
      await this.handler(key);
      this.failures.delete(key);
    } catch (err) {
      failed = true;
      this.opts.onError?.(key, err);
    }
    this.active.delete(key);
    if (failed) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      const base = this.opts.baseBackoffMs ?? 1000;
      this.addAfter(key, Math.min(base * 2 ** (n - 1), this.opts.maxBackoffMs ?? 60_000));
    } else if (this.dirty.has(key)) {
      this.add(key);
    }
    this.dirty.delete(key);
    if (this.active.size === 0) for (const w of this.idleWaiters.splice(0)) w();
    this.pump();
  }
}
