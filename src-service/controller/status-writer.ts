// Writes reconcile outcomes to GitHubEvent status off the worker's path: a burst of deliveries holds background apiserver
// writes back, and a worker should go on creating runs meanwhile. Losing a pending write is harmless: the object stays
// unfinished, so it is reconciled again (idempotently) after a restart.
import type { Disposable } from '../../src-shared/util/disposable';
import type { EventStore } from '../events-store/event-store';
import type { GitHubEventStatus } from '../events-store/event-types';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { Logger } from '../log/logger';

/** Queues status writes (latest per object wins) and writes them with bounded concurrency, retrying failures. */
export class StatusWriter implements Disposable {
  private readonly pending = new Map<string, GitHubEventStatus>();
  private active = 0;
  private idle: (() => void)[] = [];
  private readonly failed = new Map<string, GitHubEventStatus>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly concurrency = 4,
  ) {}

  /** Schedules a write of `status` to `name`. */
  write(name: string, status: GitHubEventStatus): void {
    this.pending.set(name, status);
    this.pump();
  }

  /** Writes not yet done. */
  get backlog(): number {
    return this.pending.size + this.active + this.failed.size;
  }

  /** Waits until every queued write is done (or `timeoutMs` passes). */
  async flush(timeoutMs: number): Promise<void> {
    if (this.backlog === 0) return;
    await Promise.race([
      new Promise<void>((r) => this.idle.push(r)),
      new Promise<void>((r) => setTimeout(r, timeoutMs).unref()),
    ]);
  }

  dispose(): Promise<void> {
    clearTimeout(this.retryTimer);
    return this.flush(5_000);
  }

  private pump(): void {
    while (this.active < this.concurrency && this.pending.size > 0) {
      const [name, status] = this.pending.entries().next().value as [string, GitHubEventStatus];
      this.pending.delete(name);
      this.active++;
      void this.store
        .patchStatus(name, status)
        .catch((err: unknown) => {
          if (isKubeError(err, 'NotFound')) return;
          this.logger.warn('could not write event status; retrying', { object: name, err });
          this.failed.set(name, status);
          this.retryTimer ??= setTimeout(() => {
            this.retryTimer = undefined;
            // Retry unless a newer status was queued meanwhile.
            for (const [n, st] of this.failed) if (!this.pending.has(n)) this.pending.set(n, st);
            this.failed.clear();
            this.pump();
          }, 1000);
          this.retryTimer.unref?.();
        })
        .finally(() => {
          this.active--;
          this.pump();
          if (this.backlog === 0) for (const w of this.idle.splice(0)) w();
        });
    }
  }
}
