// Watches GitHubEvent objects and reconciles each once: claim (conditional status write) → reconcile → record the outcome.
import type { Disposable } from '../../src-shared/util/disposable';
import type { EventStore } from '../events-store/event-store';
import type { GitHubEventObject } from '../events-store/event-types';
import { LruCache } from '../util/lru-cache';
import { RateLimitedError } from '../github/rate-limit';
import { Informer } from '../kube/informer';
import type { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../kube/kube-errors';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { ReconcileDeps } from './reconcile-event';
import { reconcileEvent } from './reconcile-event';
import { WorkQueue } from './work-queue';

/** Options of the controller. */
export interface EventControllerOptions {
  readonly client: KubeClient;
  readonly store: EventStore;
  readonly reconcile: ReconcileDeps;
  readonly identity: string;
  readonly workers: number;
  readonly claimTimeoutMs: number;
  readonly maxAttempts: number;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
}

/** List+watch of event objects feeding a bounded work queue; several replicas share the work through claims. */
export class EventController implements Disposable {
  readonly informer: Informer<GitHubEventObject>;
  private readonly queue: WorkQueue;
  /** Events this replica completed; their echo from the watch (possibly stale) must not start another claim. */
  private readonly finished = new LruCache<string, true>(50_000);

  constructor(private readonly opts: EventControllerOptions) {
    this.informer = new Informer<GitHubEventObject>({ client: opts.client, path: opts.store.path, logger: opts.logger.child({ component: 'event-informer' }) });
    this.queue = new WorkQueue((name) => this.process(name), {
      concurrency: opts.workers,
      baseBackoffMs: 1000,
      onDepth: (d) => opts.metrics.queueDepth.set(d),
      onError: (name, err) => opts.logger.error('event processing failed', { object: name, err }),
    });
    this.informer.onDidChange((type, obj) => {
      if (type !== 'DELETED') this.consider(obj);
    });
  }

  /** Starts watching; resolves after the first list. */
  async start(): Promise<void> {
    this.informer.start();
    await this.informer.whenSynced();
  }

  /** Stops taking events and waits for reconciles in flight. */
  async drain(timeoutMs: number): Promise<void> {
    await this.queue.drain(timeoutMs);
    await this.informer.dispose();
  }

  dispose(): Promise<void> {
    return this.drain(0);
  }

  /** Objects still to do. */
  get backlog(): number {
    return this.queue.size;
  }

  private consider(obj: GitHubEventObject): void {
    const s = obj.status ?? {};
    if (s.phase === 'Succeeded' || s.phase === 'Failed' || obj.metadata.deletionTimestamp || this.finished.get(obj.metadata.name)) return;
    const now = Date.now();
    if (s.phase === 'Processing' && s.owner !== this.opts.identity) {
      const age = now - Date.parse(s.claimedAt ?? '1970-01-01T00:00:00Z');
      // Someone else is on it; look again when their claim would expire (they may have died).
      if (age < this.opts.claimTimeoutMs) return this.queue.addAfter(obj.metadata.name, this.opts.claimTimeoutMs - age + 100);
    }
    const next = s.nextAttemptAt ? Date.parse(s.nextAttemptAt) - now : 0;
    if (next > 0) this.queue.addAfter(obj.metadata.name, next);
    else this.queue.add(obj.metadata.name);
  }

  private async process(name: string): Promise<void> {
    const obj = this.informer.get(this.opts.store.namespace, name);
    if (!obj) return;
    const s = obj.status ?? {};
    if (s.phase === 'Succeeded' || s.phase === 'Failed' || this.finished.get(name)) return;
    const wait = s.nextAttemptAt ? Date.parse(s.nextAttemptAt) - Date.now() : 0;
    if (wait > 0) return this.queue.addAfter(name, wait);
    if (s.phase === 'Processing' && s.owner !== this.opts.identity && Date.now() - Date.parse(s.claimedAt ?? '1970-01-01T00:00:00Z') < this.opts.claimTimeoutMs) return;
    const log = this.opts.logger.child({ deliveryId: obj.spec.deliveryId, event: obj.spec.eventName, repository: obj.spec.repository });
    const attempts = (s.attempts ?? 0) + 1;
    let claimed: GitHubEventObject;
    try {
      claimed = await this.opts.store.patchStatus(name, { phase: 'Processing', owner: this.opts.identity, claimedAt: new Date().toISOString(), attempts }, obj.metadata.resourceVersion);
    } catch (err) {
      // Conflict: another replica claimed it (or it changed); the watch brings the new version. Gone: deleted.
      if (isKubeError(err, 'Conflict', 'NotFound')) return;
      throw err;
    }
    const started = performance.now();
    try {
      const status = await reconcileEvent(claimed, this.opts.reconcile, log);
      await this.opts.store.patchStatus(name, { ...status, owner: this.opts.identity, attempts });
      this.finished.set(name, true);
      this.opts.metrics.eventsReconciled.inc({ outcome: 'succeeded' });
      log.info('event reconciled', { message: status.message, runs: status.runs?.length ?? 0 });
    } catch (err) {
      await this.failed(name, attempts, err, log);
    } finally {
      this.opts.metrics.reconcileDuration.observe((performance.now() - started) / 1000);
    }
  }

  private async failed(name: string, attempts: number, err: unknown, log: Logger): Promise<void> {
    const kind = err instanceof RateLimitedError ? 'github-rate-limit' : isKubeError(err) ? 'kube' : (err as { status?: unknown }).status !== undefined ? 'github' : 'internal';
    this.opts.metrics.errors.inc({ kind });
    const message = `${kind}: ${(err as Error).message ?? String(err)}`.slice(0, 1000);
    if (attempts >= this.opts.maxAttempts) {
      log.error('event failed permanently', { attempts, err });
      this.opts.metrics.eventsReconciled.inc({ outcome: 'failed' });
      await this.opts.store.patchStatus(name, { phase: 'Failed', message, completedAt: new Date().toISOString(), owner: '' }).catch(() => undefined);
      this.finished.set(name, true);
      return;
    }
    const delayMs = err instanceof RateLimitedError ? Math.max(1000, err.retryAt - Date.now()) : Math.min(1000 * 2 ** (attempts - 1), 120_000);
    log.warn('event reconcile failed; will retry', { attempts, delayMs, err });
    try {
      await this.opts.store.patchStatus(name, { phase: 'Pending', owner: '', message, nextAttemptAt: new Date(Date.now() + delayMs).toISOString() });
    } catch (patchErr) {
      // Could not write the retry time (API server down?): retry from memory; the claim expires for others anyway.
      log.warn('could not record retry', { err: patchErr });
      this.queue.addAfter(name, delayMs);
    }
  }
}
