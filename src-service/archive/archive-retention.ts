// Leader task: deletes archived logs older than the archive's own retention (independent of run cleanup).
import type { Disposable } from '../../src-shared/util/disposable';
import type { Clock, TimerHandle } from '../../src-node/time/clock';
import type { Logger } from '../log/logger';
import type { ArchiveMetrics } from './archive-metrics';
import type { ArchiveStore } from './archive-store';

/** Sweeps once at start and then every interval; retentionDays 0 disables it. */
export class ArchiveRetention implements Disposable {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly deps: {
      readonly store: ArchiveStore;
      readonly retentionDays: number;
      readonly intervalMs: number;
      readonly clock: Clock;
      readonly metrics: ArchiveMetrics;
      readonly logger: Logger;
    },
  ) {}

  start(): void {
    if (this.deps.retentionDays <= 0) return;
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.sweep().then(() => undefined).finally(() => {
        if (!this.stopped) this.timer = this.deps.clock.setTimeout(loop, this.deps.intervalMs);
      });
    };
    loop();
  }

  /** Deletes what is past retention; failures are logged and retried at the next sweep. */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.clock.now() - this.deps.retentionDays * 86_400_000);
    try {
      const n = await this.deps.store.deleteOlderThan(before, this.abort.signal);
      this.deps.metrics.expired.inc({}, n);
      if (n > 0) this.deps.logger.info('archive retention deleted old logs', { objects: n, before: before.toISOString() });
      return n;
    } catch (err) {
      if (!this.stopped) this.deps.logger.warn('archive retention sweep failed', { err });
      return 0;
    }
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }
}
