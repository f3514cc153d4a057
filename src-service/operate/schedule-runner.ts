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
  readonly checkpoint?: ScheduleFirerDeps['checkpoint'];
}

/** Keeps the entries fresh (every `refreshMs`) and lets a ScheduleFirer fire them. */
export class ScheduleRunner {
  private readonly firer: ScheduleFirer;
  private readonly repos = new Map<string, Record<string, unknown>>();
  private timer: TimerHandle | undefined;
  private disposed = false;

  constructor(private readonly deps: ScheduleRunnerDeps) {
    this.firer = new ScheduleFirer({
      clock: deps.clock,
      catchUpMs: deps.catchUpMs,
      logger: deps.logger,
      create: (tick) => this.create(tick),
      ...(deps.onFired ? { onFired: deps.onFired } : {}),
      ...(deps.checkpoint ? { checkpoint: deps.checkpoint } : {}),
    });
  }

  /** Reads the entries once, then starts firing and refreshing. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.disposed) return;
    this.firer.start();
    this.scheduleRefresh();
  }

  /** Re-reads every mapped repository's default branch; a repository that cannot be read keeps its old entries. */
  async refresh(): Promise<void> {
    const entries: ScheduleEntry[] = [];
    for (const fullName of this.deps.targets.repositories()) {
      const [owner, repo] = fullName.split('/') as [string, string];
      try {
        const info = await this.deps.api.getRepository({ owner, repo });
        this.repos.set(fullName, info);
        const branch = String(info.default_branch ?? 'main');
        const listing = await this.deps.source.list({ owner, repo }, `refs/heads/${branch}`);
        for (const p of listing.pipelines)
          for (const t of p.spec.triggers)
            for (const s of t.event === 'schedule' ? (t.schedules ?? []) : [])
              entries.push({
                repository: fullName,
                pipeline: p.name,
                cron: s.cron,
                ...(s.timezone ? { timezone: s.timezone } : {}),
              });
      } catch (err) {
        this.deps.logger.warn('could not read schedules; keeping the previous ones', {
          repository: fullName,
          err,
        });
        entries.push(...this.previous.filter((e) => e.repository === fullName));
      }
    }
    this.previous = entries;
    for (const bad of this.firer.setEntries(entries))
      this.deps.logger.warn('schedule entry ignored', { ...bad.entry, error: bad.error });
  }

  private previous: ScheduleEntry[] = [];

  async dispose(): Promise<void> {
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    await this.firer.dispose();
  }

  private async create(tick: DueTick): Promise<'recorded' | 'duplicate'> {
    const repository = this.repos.get(tick.entry.repository);
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
