// Leader task: reads the `schedule:` entries of every mapped repository's default branch and fires their ticks as GitHubEvents.
import { normalizeWebhook } from '../../src-shared/events';
import type { Clock, TimerHandle } from '../../src-node/time/clock';
import type { EventStore } from '../events-store/event-store';
import type { GitHubApi } from '../github/github-api';
import type { PipelineSource } from '../github/pipeline-source';
import type { Logger } from '../log/logger';
import type { RepositoryTargets } from '../runtime/repository-targets';
import { ScheduleFirer, type ScheduleFirerDeps } from './schedule-firer';
import type { DueTick, ScheduleEntry } from './schedule-plan';

/** What the runner needs. */
export interface ScheduleRunnerDeps {
  readonly api: GitHubApi;
  readonly source: PipelineSource;
  readonly targets: RepositoryTargets;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly catchUpMs: number;
  readonly refreshMs: number;
  readonly logger: Logger;
  readonly onFired?: (tick: DueTick, lateMs: number) => void;
  /** Told the next fire time of every valid entry whenever it may have changed (metrics). */
  readonly onNextFires?: (next: readonly { entry: ScheduleEntry; at: number | undefined }[]) => void;
  readonly checkpoint?: ScheduleFirerDeps['checkpoint'];
  /** Pushes to a default branch arriving within this long are read together (default 2 s). */
  readonly pushDebounceMs?: number;
}

/** A push as seen on the event watch (only the fields the runner reads). */
export interface ObservedPush {
  readonly repository: string;
  readonly ref?: string;
  readonly defaultBranch?: string;
  /** Epoch ms the delivery was received. */
  readonly receivedAt: number;
}

/** Keeps the entries fresh (every `refreshMs` and on each push to a default branch) and lets a ScheduleFirer fire them. */
export class ScheduleRunner {
  private readonly firer: ScheduleFirer;
  private readonly repos = new Map<string, Record<string, unknown>>();
  /** Entries per repository (lower-case full name), as last read. */
  private readonly entries = new Map<string, ScheduleEntry[]>();
  private timer: TimerHandle | undefined;
  private pushTimer: TimerHandle | undefined;
  private readonly pushed = new Set<string>();
  /** Reads run one at a time (periodic refresh and push refreshes share the entries). */
  private reading: Promise<void> = Promise.resolve();
  private startedAt: number | undefined;
  private disposed = false;

  constructor(private readonly deps: ScheduleRunnerDeps) {
    this.firer = new ScheduleFirer({
      clock: deps.clock,
      catchUpMs: deps.catchUpMs,
      logger: deps.logger,
      create: (tick) => this.create(tick),
      ...(deps.onFired ? { onFired: deps.onFired } : {}),
      ...(deps.checkpoint ? { checkpoint: deps.checkpoint } : {}),
      ...(deps.onNextFires ? { onChanged: () => deps.onNextFires!(this.firer.nextFires()) } : {}),
    });
  }

  /** Reads the entries once, then starts firing and refreshing. */
  async start(): Promise<void> {
    this.startedAt = this.deps.clock.now();
    await this.refresh();
    if (this.disposed) return;
    this.firer.start();
    this.scheduleRefresh();
  }

  /** Re-reads every mapped repository's default branch; a repository that cannot be read keeps its old entries. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      const mapped = new Map(this.deps.targets.repositories().map((r) => [r.toLowerCase(), r]));
      for (const key of [...this.entries.keys()]) if (!mapped.has(key)) this.entries.delete(key);
      for (const fullName of mapped.values()) await this.read(fullName);
      this.apply();
    });
  }

  /**
   * A push seen on the event watch: a push to a mapped repository's default branch re-reads that repository's entries
   * (after `pushDebounceMs`, so a burst of pushes reads once). Pushes received before this leader started are covered
   * by its first read.
   */
  notePush(push: ObservedPush): void {
    if (this.disposed || this.startedAt === undefined || push.receivedAt < this.startedAt) return;
    const key = push.repository.toLowerCase();
    const fullName = this.deps.targets.repositories().find((r) => r.toLowerCase() === key);
    if (!fullName) return;
    const branch = String(this.repos.get(key)?.default_branch ?? push.defaultBranch ?? '');
    if (!branch || push.ref !== `refs/heads/${branch}`) return;
    this.pushed.add(fullName);
    if (this.pushTimer) return;
    this.pushTimer = this.deps.clock.setTimeout(() => {
      this.pushTimer = undefined;
      const repos = [...this.pushed];
      this.pushed.clear();
      void this.serially(async () => {
        for (const r of repos) await this.read(r);
        this.apply();
      }).catch((err: unknown) => this.deps.logger.warn('schedule refresh after a push failed', { err }));
    }, this.deps.pushDebounceMs ?? 2000);
  }

  /** Resolves when reads queued so far (refreshes, push refreshes) are done. */
  whenRead(): Promise<void> {
    return this.reading;
  }

  private serially(fn: () => Promise<void>): Promise<void> {
    const next = this.reading.then(() => (this.disposed ? undefined : fn()));
    this.reading = next.catch(() => undefined);
    return next;
  }

  /** Reads one repository's entries from its default branch; on failure its previous entries stay. */
  private async read(fullName: string): Promise<void> {
    const [owner, repo] = fullName.split('/') as [string, string];
    try {
      const info = await this.deps.api.getRepository({ owner, repo });
      this.repos.set(fullName.toLowerCase(), info);
      const branch = String(info.default_branch ?? 'main');
      const listing = await this.deps.source.list({ owner, repo }, `refs/heads/${branch}`);
      const entries: ScheduleEntry[] = [];
      for (const p of listing.pipelines)
        for (const t of p.spec.triggers)
          for (const s of t.event === 'schedule' ? (t.schedules ?? []) : [])
            entries.push({
              repository: fullName,
              pipeline: p.name,
              cron: s.cron,
              ...(s.timezone ? { timezone: s.timezone } : {}),
            });
      this.entries.set(fullName.toLowerCase(), entries);
    } catch (err) {
      this.deps.logger.warn('could not read schedules; keeping the previous ones', {
        repository: fullName,
        err,
      });
    }
  }

  private apply(): void {
    for (const bad of this.firer.setEntries([...this.entries.values()].flat()))
      this.deps.logger.warn('schedule entry ignored', { ...bad.entry, error: bad.error });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    this.deps.clock.clearTimeout(this.pushTimer);
    await this.reading;
    await this.firer.dispose();
  }

  private async create(tick: DueTick): Promise<'recorded' | 'duplicate'> {
    const repository = this.repos.get(tick.entry.repository.toLowerCase());
    const event = repository
      ? normalizeWebhook('schedule', { schedule: tick.entry.cron, repository })
      : undefined;
    if (!event) throw new Error(`repository ${tick.entry.repository} is not readable`);
    const { outcome } = await this.deps.store.create({
      name: tick.name,
      deliveryId: tick.name,
      eventName: 'schedule',
      receivedAt: tick.scheduledAt,
      schedule: {
        pipeline: tick.entry.pipeline,
        cron: tick.entry.cron,
        ...(tick.entry.timezone ? { timezone: tick.entry.timezone } : {}),
        scheduledAt: new Date(tick.scheduledAt).toISOString(),
      },
      event,
    });
    return outcome;
  }

  private scheduleRefresh(): void {
    if (this.disposed) return;
    this.timer = this.deps.clock.setTimeout(() => {
      void this.refresh()
        .catch((err: unknown) => this.deps.logger.warn('schedule refresh failed', { err }))
        .finally(() => this.scheduleRefresh());
    }, this.deps.refreshMs);
  }
}
