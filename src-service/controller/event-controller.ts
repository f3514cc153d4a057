// Watches GitHubEvent objects and reconciles those this replica owns (rendezvous sharding), recording the outcome in status.
import type { Disposable } from '../../src-shared/util/disposable';
import type { EventStore } from '../events-store/event-store';
import type { GitHubEventObject } from '../events-store/event-types';
import { RateLimitedError } from '../github/rate-limit';
import type { Informer } from '../../src-node/kube/informer';
import type { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { Backpressure } from '../util/backpressure';
import { LRUCache } from 'lru-cache';
import type { ReconcileDeps } from './reconcile-event';
import { reconcileEvent } from './reconcile-event';
import { StatusWriter } from './status-writer';
import { WorkQueue } from './work-queue';

/** Decides which replica processes an event (see operate/membership.ts). */
export interface Sharding {
  owns(name: string): boolean;
  onDidChange(listener: () => void): Disposable;
}

/** Options of the controller. */
export interface EventControllerOptions {
  readonly client: KubeClient;
  readonly store: EventStore;
  readonly reconcile: ReconcileDeps;
  readonly sharding: Sharding;
  readonly identity: string;
  readonly workers: number;
  /** Shrinks the workers while deliveries are slow to record. */
  readonly backpressure?: Backpressure;
  readonly maxAttempts: number;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
}

/** Transient failures retried from memory before the retry is written to status. */
const QUIET_ATTEMPTS = 4;

/** Failures that say nothing about the event itself. */
function isTransient(err: unknown): boolean {
  if (err instanceof RateLimitedError) return true;
  if (isKubeError(err)) return err.isTransient;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

const isDone = (obj: GitHubEventObject): boolean =>
  obj.status?.phase === 'Succeeded' || obj.status?.phase === 'Failed';

/** List+watch of event objects feeding a bounded work queue. */
export class EventController implements Disposable {
  readonly informer: Informer<GitHubEventObject>;
  private readonly queue: WorkQueue;
  /** Events this replica completed; a stale echo from the watch must not start them again. */
  private readonly finished = new LRUCache<string, true>({ max: 50_000 });
  /** Attempts retried from memory without a status write (first transient failures; see `failed`). */
  private readonly quietAttempts = new LRUCache<string, number>({ max: 50_000 });
  /** Events backing off because an apiserver was unreachable; retried at once when a reconcile succeeds again. */
  private readonly waitingForApiserver = new Set<string>();
  private readonly subscription: Disposable;
  private readonly statusWriter: StatusWriter;

  constructor(private readonly opts: EventControllerOptions) {
    this.statusWriter = new StatusWriter(opts.store, opts.logger);
    this.informer = opts.client.informer<GitHubEventObject>(opts.store.path, { logger: opts.logger.child({ component: 'event-informer' }) });
    this.queue = new WorkQueue((name) => this.process(name), {
      concurrency: opts.backpressure ? () => opts.backpressure!.workers(opts.workers) : opts.workers,
      baseBackoffMs: 1000,
      onDepth: (d) => opts.metrics.queueDepth.set(d),
      onError: (name, err) => opts.logger.error('event processing failed', { object: name, err }),
    });
    this.informer.onDidChange((type, obj) => {
      if (type !== 'DELETED') this.consider(obj);
    });
    // A replica joined or left: its share moves, so look at every unfinished event again.
    this.subscription = opts.sharding.onDidChange(() => {
      for (const obj of this.informer.list()) this.consider(obj);
    });
  }

  /** Starts watching; resolves after the first list. */
  async start(): Promise<void> {
    this.informer.start();
    await this.informer.whenSynced();
  }

  /** Stops taking events and waits for reconciles in flight. */
  async drain(timeoutMs: number): Promise<void> {
    this.subscription.dispose();
    await this.queue.drain(timeoutMs);
    await this.statusWriter.flush(timeoutMs);
    await this.informer.dispose();
  }

  dispose(): Promise<void> {
    return this.drain(0);
  }

  /** Objects still to do here. */
  get backlog(): number {
    return this.queue.size + this.statusWriter.backlog;
  }

  private consider(obj: GitHubEventObject): void {
    const name = obj.metadata.name;
    if (
      isDone(obj) ||
      obj.metadata.deletionTimestamp ||
      this.finished.get(name) ||
      !this.opts.sharding.owns(name)
    )
      return;
    const wait = obj.status?.nextAttemptAt ? Date.parse(obj.status.nextAttemptAt) - Date.now() : 0;
    if (wait > 0) this.queue.addAfter(name, wait);
    else this.queue.add(name);
  }

  private async process(name: string): Promise<void> {
    const obj = this.informer.get(this.opts.store.namespace, name);
    if (!obj || isDone(obj) || this.finished.get(name) || !this.opts.sharding.owns(name)) return;
    const wait = obj.status?.nextAttemptAt ? Date.parse(obj.status.nextAttemptAt) - Date.now() : 0;
    if (wait > 0) return this.queue.addAfter(name, wait);
    const log = this.opts.logger.child({
      deliveryId: obj.spec.deliveryId,
      event: obj.spec.eventName,
      repository: obj.spec.repository,
    });
    const attempts = Math.max(obj.status?.attempts ?? 0, this.quietAttempts.get(name) ?? 0) + 1;
    const started = performance.now();
    try {
      const status = await reconcileEvent(obj, this.opts.reconcile, log);
      this.statusWriter.write(name, { ...status, owner: this.opts.identity, attempts, nextAttemptAt: '' });
      this.finished.set(name, true);
      this.quietAttempts.set(name, 0);
      this.waitingForApiserver.delete(name);
      if (this.waitingForApiserver.size > 0) {
        // The apiservers answer again: do not let the others sit out the rest of their backoff.
        for (const waiting of this.waitingForApiserver) this.queue.add(waiting);
        this.waitingForApiserver.clear();
      }
      this.opts.metrics.eventsReconciled.inc({ outcome: 'succeeded' });
      log.info('event reconciled', { message: status.message, runs: status.runs?.length ?? 0 });
    } catch (err) {
      if (isKubeError(err, 'NotFound') && !(await this.opts.store.get(name).catch(() => obj))) return; // deleted meanwhile
      await this.failed(name, attempts, err, log);
    } finally {
      this.opts.metrics.reconcileDuration.observe((performance.now() - started) / 1000);
    }
  }

  private async failed(name: string, attempts: number, err: unknown, log: Logger): Promise<void> {
    const kind =
      err instanceof RateLimitedError
        ? 'github-rate-limit'
        : isKubeError(err)
          ? 'kube'
          : (err as { status?: unknown }).status !== undefined
            ? 'github'
            : 'internal';
    this.opts.metrics.errors.inc({ kind });
    const message = `${kind}: ${(err as Error).message ?? String(err)}`.slice(0, 1000);
    const transient = isTransient(err);
    if (isKubeError(err) && err.isTransient) this.waitingForApiserver.add(name);
    // Infrastructure trouble (apiserver down, GitHub 5xx, rate limits) never fails an event: it waits, capped at 5 minutes.
    if (!transient && attempts >= this.opts.maxAttempts) {
      log.error('event failed permanently', { attempts, err });
      this.opts.metrics.eventsReconciled.inc({ outcome: 'failed' });
      await this.opts.store
        .patchStatus(name, {
          phase: 'Failed',
          message,
          attempts,
          owner: this.opts.identity,
          completedAt: new Date().toISOString(),
        })
        .catch(() => undefined);
      this.finished.set(name, true);
      return;
    }
    const delayMs =
      err instanceof RateLimitedError
        ? Math.max(1000, err.retryAt - Date.now())
        : Math.min(1000 * 2 ** (attempts - 1), transient ? 300_000 : 120_000);
    log.warn('event reconcile failed; will retry', { attempts, delayMs, err });
    // The first transient failures retry from memory: during an outage a status write per event would compete with the
    // webhook path for the core apiserver. The object stays unfinished, so a restart picks it up anyway.
    if (transient && attempts < QUIET_ATTEMPTS) {
      this.quietAttempts.set(name, attempts);
      this.queue.addAfter(name, delayMs);
      return;
    }
    try {
      await this.opts.store.patchStatus(name, {
        phase: 'Pending',
        owner: this.opts.identity,
        attempts,
        message,
        nextAttemptAt: new Date(Date.now() + delayMs).toISOString(),
      });
    } catch (patchErr) {
      // The core apiserver is unreachable too: retry from memory (the attempt count restarts, which only lengthens the retries).
      log.warn('could not record the retry', { err: patchErr });
      this.queue.addAfter(name, delayMs);
    }
  }
}
