// Follows one container's log like `kubectl logs -f --timestamps`, but survives broken streams: it resumes with
// `sinceTime` from the last line seen and drops the repeats at the seam. Reading pauses while the consumer is busy.
import { EMPTY_SEAM, acceptLine, resumeSeam, type SeamState } from '../../src-shared/logs/seam';
import { resumeSinceTime } from '../../src-shared/logs/timestamp';
import { systemClock, type Clock, type TimerHandle } from '../time/clock';
import { LogLineReader, type LogLineBatch } from './log-line-reader';

/** Opens a streaming GET (2xx body as chunks) or rejects with an error whose `status` is the HTTP status, if any. */
export interface LogStreamOpener {
  open(path: string, query: Readonly<Record<string, string>>, signal: AbortSignal): Promise<AsyncIterable<Uint8Array | string>>;
}

/** New lines of a container's log, in order, as parallel arrays (no object per line). */
export interface FollowedLines {
  readonly texts: readonly string[];
  /** Epoch ms of each line's timestamp, null when it had none. */
  readonly times: readonly (number | null)[];
}

/** Where a follower stands. */
export type FollowerState = 'waiting' | 'following' | 'reconnecting' | 'done' | 'gone' | 'failed';

/** What a follower needs. */
export interface ContainerLogFollowerOptions {
  readonly opener: LogStreamOpener;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** Receives new lines in order; the follower reads no further until the returned promise settles. */
  readonly onLines: (lines: FollowedLines) => void | Promise<void>;
  readonly onState?: (state: FollowerState, message?: string) => void;
  /** Asked when a follow stream ends cleanly: true when the container has ended (then the log is complete). */
  readonly hasEnded?: () => Promise<boolean>;
  readonly clock?: Clock;
  /** Backoff between attempts (doubles up to max). */
  readonly retryMs?: { readonly min: number; readonly max: number };
  readonly maxLineChars?: number;
}

/**
 * The seam after lines with these keys (from `from` on) were all delivered outside a resume: what folding
 * `acceptLine` over them gives, without two objects per line (the hot path of a followed log).
 */
export function advanceSeam(s: SeamState, keys: readonly (string | undefined)[], from = 0): SeamState {
  if (s.resuming) throw new Error('advanceSeam is for lines past the seam');
  let { lastKey, sameCount } = s;
  for (let i = from; i < keys.length; i++) {
    const k = keys[i];
    if (k === undefined) continue;
    if (lastKey === undefined || k > lastKey) {
      lastKey = k;
      sameCount = 1;
    } else if (k === lastKey) sameCount++;
  }
  return lastKey === s.lastKey && sameCount === s.sameCount ? s : { lastKey, sameCount, skipSame: 0, resuming: false };
}

/** The HTTP status carried by an opener's error. */
function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** Follows one container until its log is complete, the pod is gone, or it is disposed. */
export class ContainerLogFollower {
  /** Settles when the follower stopped (done, gone, failed or disposed). */
  readonly stopped: Promise<void>;
  private seam: SeamState = EMPTY_SEAM;
  private abort: AbortController | undefined;
  private finishing = false;
  private disposed = false;
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;
  private state: FollowerState | undefined;
  private delivered = 0;
  private resumes = 0;

  constructor(private readonly o: ContainerLogFollowerOptions) {
    // Start on the next microtask: a finish() or dispose() right after construction counts from the first request.
    this.stopped = Promise.resolve().then(() => this.run());
  }

  /** Lines delivered so far, and how many times a broken stream was resumed. */
  get stats(): { readonly lines: number; readonly resumes: number } {
    return { lines: this.delivered, resumes: this.resumes };
  }

  /** The container has ended: read what is left without following, then stop. */
  finish(): void {
    if (this.finishing) return;
    this.finishing = true;
    this.abort?.abort();
    this.wakeUp();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.wakeUp();
  }

  private async run(): Promise<void> {
    const clock = this.o.clock ?? systemClock;
    const retry = this.o.retryMs ?? { min: 250, max: 5000 };
    let delay = retry.min;
    let attempt = 0;
    const path = `/api/v1/namespaces/${encodeURIComponent(this.o.namespace)}/pods/${encodeURIComponent(this.o.pod)}/log`;
    while (!this.disposed) {
      const follow = !this.finishing;
      const query: Record<string, string> = { container: this.o.container, timestamps: 'true', follow: String(follow) };
      if (this.seam.lastKey) query.sinceTime = resumeSinceTime(this.seam.lastKey);
      if (attempt > 0) {
        this.seam = resumeSeam(this.seam);
        this.resumes++;
      }
      attempt++;
      const ac = new AbortController();
      this.abort = ac;
      const before = this.delivered;
      try {
        const body = await this.o.opener.open(path, query, ac.signal);
        // A pod not bound to a node yet answers with an empty log: stay "waiting" until something arrives.
        if (follow && !(this.state === 'waiting' && this.delivered === 0)) this.setState('following');
        await this.read(body, ac.signal);
        if (ac.signal.aborted) continue;
        if (!follow || !this.o.hasEnded || (await this.o.hasEnded().catch(() => false))) {
          this.setState('done');
          return;
        }
        // Only a stream that brought lines resets the backoff: empty answers must not become a request storm.
        if (this.delivered > before) delay = retry.min;
        // A clean end while the container still runs: the apiserver cut an idle stream. Resume. Nothing ever read:
        // the container has not started (the apiserver gives an unscheduled pod an empty log).
        if (this.delivered === 0) this.setState('waiting', 'The container has not started yet.');
        else this.setState('reconnecting');
      } catch (err) {
        if (this.disposed) return;
        if (ac.signal.aborted && this.finishing && follow) continue;
        if (this.delivered > before) delay = retry.min;
        const status = statusOf(err);
        if (status === 404) return this.setState('gone', 'The pod no longer exists.');
        if (status === 401 || status === 403) return this.setState('failed', (err as Error).message);
        if (status === 400 && /is not valid for pod/.test((err as Error).message)) return this.setState('failed', (err as Error).message);
        // A container that ended without ever starting has no log to read.
        if (status === 400 && this.finishing) return this.setState('done', (err as Error).message);
        // 400: the container has not started yet (ContainerCreating, PodInitializing, image pull).
        this.setState(status === 400 ? 'waiting' : 'reconnecting', (err as Error).message);
      }
      await this.sleep(clock, delay);
      delay = Math.min(delay * 2, retry.max);
    }
  }

  private async read(body: AsyncIterable<Uint8Array | string>, signal: AbortSignal): Promise<void> {
    const reader = new LogLineReader(this.o.maxLineChars ?? 64 * 1024);
    for await (const chunk of body) {
      if (signal.aborted) return;
      const batch = reader.push(chunk);
      if (batch.texts.length) await this.deliver(batch);
    }
    if (signal.aborted) return;
    const tail = reader.end();
    if (tail.texts.length) await this.deliver(tail);
  }

  private async deliver(batch: LogLineBatch): Promise<void> {
    const { keys } = batch;
    // Usually every line is new and the batch goes on as it is; from the first repeat on, only new lines are copied.
    let texts: string[] | undefined;
    let times: (number | null)[] | undefined;
    let i = 0;
    for (; i < keys.length && this.seam.resuming; i++) {
      const a = acceptLine(this.seam, keys[i]);
      this.seam = a.state;
      if (!a.isNew) {
        texts ??= batch.texts.slice(0, i);
        times ??= batch.times.slice(0, i);
      } else if (texts && times) {
        texts.push(batch.texts[i]!);
        times.push(batch.times[i]!);
      }
    }
    if (i < keys.length) {
      this.seam = advanceSeam(this.seam, keys, i);
      if (texts && times) {
        for (; i < keys.length; i++) {
          texts.push(batch.texts[i]!);
          times.push(batch.times[i]!);
        }
      }
    }
    const lines: FollowedLines = { texts: texts ?? batch.texts, times: times ?? batch.times };
    if (!lines.texts.length) return;
    if (this.state === 'waiting') this.setState('following');
    this.delivered += lines.texts.length;
    await this.o.onLines(lines);
  }

  private setState(state: FollowerState, message?: string): void {
    if (state === this.state && state !== 'waiting') return;
    this.state = state;
    this.o.onState?.(state, message);
  }

  private sleep(clock: Clock, ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = clock.setTimeout(resolve, ms);
    });
  }

  private wakeUp(): void {
    const clock = this.o.clock ?? systemClock;
    clock.clearTimeout(this.timer);
    this.wake?.();
    this.wake = undefined;
  }
}
