// Leader task: fires due schedule ticks once a minute on a Clock (tests drive it with a ManualClock).
import type { Clock, TimerHandle } from '../../src-node/time/clock';
import type { Logger } from '../log/logger';
import {
  compileSchedule,
  dueTicks,
  nextFire,
  type CompiledSchedule,
  type DueTick,
  type ScheduleEntry,
} from './schedule-plan';

/** What the firer needs. */
export interface ScheduleFirerDeps {
  readonly clock: Clock;
  /** Creates the tick's GitHubEvent; `duplicate` when another leader (or an earlier run) already did. */
  readonly create: (tick: DueTick) => Promise<'recorded' | 'duplicate'>;
  /** A tick older than this when first seen is not fired (a leader was down longer). */
  readonly catchUpMs: number;
  readonly logger: Logger;
  /** Where the minute checked last is kept across leaders (none: a new leader starts from now, catching nothing up). */
  readonly checkpoint?: { load(): Promise<number | undefined>; save(checkedUntil: number): Promise<void> };
  /** Told about every tick fired, with how late it was (ms after its minute). */
  readonly onFired?: (tick: DueTick, lateMs: number) => void;
  /** Told after each check and each change of entries (e.g. to publish the next fire times). */
  readonly onChanged?: () => void;
}

/** Checks at the start of every minute; a failed create is retried on the next check (the tick stays in the window). */
export class ScheduleFirer {
  private schedules: CompiledSchedule[] = [];
  /** Cached next fire per compiled entry (null: none within the horizon). */
  private next = new WeakMap<CompiledSchedule, number | null>();
  private checkedUntil: number | undefined;
  private timer: TimerHandle | undefined;
  private disposed = false;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: ScheduleFirerDeps) {}

  /** Replaces the entries (after reading the repositories' default branches); returns the invalid ones with reasons. */
  setEntries(entries: readonly ScheduleEntry[]): { entry: ScheduleEntry; error: string }[] {
    this.schedules = entries.map(compileSchedule);
    this.deps.onChanged?.();
    return this.schedules.flatMap((s) => ('error' in s ? [{ entry: s.entry, error: s.error }] : []));
  }

  /** Starts checking: at once (covering the catch-up window), then every minute. */
  start(): void {
    this.running = this.check().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  /** Resolves when the check in progress (if any) is done. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One check now (also what the timer runs). */
  async check(): Promise<void> {
    const now = this.deps.clock.now();
    // A new leader continues from the last checkpoint (catch-up bounded by the window); a fresh install from now.
    this.checkedUntil ??= (await this.loadCheckpoint()) ?? now;
    const after = this.checkedUntil;
    let failedAt: number | undefined;
    for (const tick of dueTicks(this.schedules, after, now, this.deps.catchUpMs)) {
      try {
        if ((await this.deps.create(tick)) === 'recorded') this.deps.onFired?.(tick, now - tick.scheduledAt);
      } catch (err) {
        failedAt ??= tick.scheduledAt;
        this.deps.logger.warn('could not fire a schedule tick; retrying next minute', {
          repository: tick.entry.repository,
          pipeline: tick.entry.pipeline,
          err,
        });
      }
    }
    this.checkedUntil = failedAt !== undefined ? failedAt - 1 : now;
    await this.deps.checkpoint
      ?.save(this.checkedUntil)
      .catch((err: unknown) => this.deps.logger.warn('could not save the schedule checkpoint', { err }));
    this.deps.onChanged?.();
  }

  /** The next fire time of every valid entry after `now` (for metrics: one per entry; recomputed once it passed). */
  nextFires(now = this.deps.clock.now()): { entry: ScheduleEntry; at: number | undefined }[] {
    return this.schedules.flatMap((s) => {
      if ('error' in s) return [];
      let at = this.next.get(s);
      if (at === undefined || (at !== null && at <= now)) this.next.set(s, (at = nextFire(s, now) ?? null));
      return [{ entry: s.entry, at: at ?? undefined }];
    });
  }

  private async loadCheckpoint(): Promise<number | undefined> {
    try {
      return await this.deps.checkpoint?.load();
    } catch (err) {
      this.deps.logger.warn('could not read the schedule checkpoint; starting from now', { err });
      return undefined;
    }
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  private schedule(): void {
    if (this.disposed) return;
    const now = this.deps.clock.now();
    const delay = 60_000 - (now % 60_000) + 1;
    this.timer = this.deps.clock.setTimeout(() => {
      this.running = this.check().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, delay);
  }
}
