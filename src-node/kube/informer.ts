// The one list+watch of a collection into a local cache, for the desktop host and pipe-events: a streamed, paged LIST;
// a WATCH resumed from the last resourceVersion with bookmarks; 410 Gone → relist; retries paced by a policy
// (exponential backoff on a Clock by default, or the host's cluster connection).
import type { ClusterProblem } from '../../src-shared/contract/clusters';
import type { Disposable } from '../../src-shared/util/disposable';
import type { Logger } from '../log/logger';
import { systemClock, type Clock, type TimerHandle } from '../time/clock';
import type { KubeClient, WatchLine } from './kube-client';
import { KubeError, httpError, isKubeError, toKubeError } from './kube-errors';
import type { KubeObject } from './kube-types';
import { ListStreamParser, type ListMeta } from './list-stream-parser';

/** What changed in the cache. */
export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Where the informer is: first list, relist after 410, watching, waiting for the cluster, or refused. */
export type InformerState = 'listing' | 'relisting' | 'live' | 'reconnecting' | 'failed';

/** Paces attempts: when to (re)try after a failure. */
export interface InformerRetry {
  /** Resolves when the cluster may be tried (default: at once). Rejects when `signal` aborts. */
  whenReady?(signal: AbortSignal): Promise<void>;
  /** Resolves when to try again after `err`. Rejects or resolves when `signal` aborts. */
  afterFailure(err: KubeError, signal: AbortSignal): Promise<void>;
  /** A watch ran and ended normally: the failure streak is over. */
  succeeded?(): void;
}

/** Exponential backoff on a clock: `initialMs`, doubling up to `maxMs`, reset by a watch that ran. */
export function backoffRetry(options: { readonly clock?: Clock; readonly initialMs?: number; readonly maxMs?: number } = {}): InformerRetry {
  const clock = options.clock ?? systemClock;
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 15_000;
  let next = initial;
  return {
    afterFailure: (_err, signal) => {
      const delay = next;
      next = Math.min(next * 2, max);
      return sleep(clock, delay, signal);
    },
    succeeded: () => {
      next = initial;
    },
  };
}

/** Counters tests and the bench read. */
export interface InformerStats {
  lists: number;
  watches: number;
  relists: number;
  events: number;
}

/** Options of an informer; `T` is what the cache keeps (the object itself unless `project` says otherwise). */
export interface InformerOptions<T> {
  readonly client: KubeClient;
  /** Collection path, e.g. `/apis/tekton.dev/v1/pipelineruns` or `/api/v1/namespaces/team-a/pods`. */
  readonly path: string;
  readonly labelSelector?: string;
  readonly logger?: Logger;
  /** Names the collection in errors (e.g. `Pods (core/v1)`). */
  readonly what?: string;
  /** What to keep of each object (default: the object). Pass `same` along with it. */
  readonly project?: (obj: KubeObject) => T;
  /** Cache key of a kept item (default `namespace/name`). */
  readonly key?: (item: T) => string;
  /** True when an update changes nothing worth telling (default: equal resourceVersion). */
  readonly same?: (a: T, b: T) => boolean;
  /** Objects per LIST page (default 500). */
  readonly pageSize?: number;
  /** Up to this many objects (per the first page's remainingItemCount) are fetched in one unpaged LIST (default 25,000). */
  readonly wholeListMax?: number;
  /** Server-side watch timeout range in seconds, randomized so watches do not expire together (default 240–420). */
  readonly watchTimeoutS?: readonly [number, number];
  /** Paces retries (default `backoffRetry({ clock })`). */
  readonly retry?: InformerRetry;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Wraps each LIST request (e.g. a per-cluster cap on requests in flight). */
  readonly throttle?: <R>(request: () => Promise<R>) => Promise<R>;
}

/** Thrown inside the loop when the server says our resourceVersion is too old. */
class GoneError extends Error {}

/** Keeps a local copy of a collection current and tells listeners what changed. */
export class Informer<T = KubeObject> implements Disposable {
  private cache = new Map<string, T>();
  private readonly listeners = new Set<(type: InformerEventType, item: T) => void>();
  private readonly stateListeners = new Set<(state: InformerState, problem: ClusterProblem | undefined) => void>();
  private readonly syncListeners = new Set<(first: boolean) => void>();
  private readonly abort = new AbortController();
  private watchAbort: AbortController | undefined;
  private rv = '';
  private hasSynced = false;
  private syncWaiters: (() => void)[] = [];
  private running: Promise<void> | undefined;
  private current: InformerState = 'listing';
  private currentProblem: ClusterProblem | undefined;
  private readonly project: (obj: KubeObject) => T;
  private readonly key: (item: T) => string;
  private readonly same: (a: T, b: T) => boolean;
  private readonly clock: Clock;
  private readonly retry: InformerRetry;
  readonly stats: InformerStats = { lists: 0, watches: 0, relists: 0, events: 0 };

  constructor(private readonly opts: InformerOptions<T>) {
    this.project = opts.project ?? ((o) => o as T);
    this.key = opts.key ?? ((item) => keyOf((item as KubeObject).metadata?.namespace, (item as KubeObject).metadata?.name ?? ''));
    this.same = opts.same ?? ((a, b) => (a as KubeObject).metadata?.resourceVersion === (b as KubeObject).metadata?.resourceVersion);
    this.clock = opts.clock ?? systemClock;
    this.retry = opts.retry ?? backoffRetry({ clock: this.clock });
  }

  /** Subscribes to changes of the cache; returns a disposer. */
  onDidChange(listener: (type: InformerEventType, item: T) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Subscribes to state changes (with the problem for `reconnecting`/`failed`). */
  onDidChangeState(listener: (state: InformerState, problem: ClusterProblem | undefined) => void): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => void this.stateListeners.delete(listener) };
  }

  /** Called after each complete LIST has been applied (`first` for the initial one), before the watch opens. */
  onDidSync(listener: (first: boolean) => void): Disposable {
    this.syncListeners.add(listener);
    return { dispose: () => void this.syncListeners.delete(listener) };
  }

  /** Starts list+watch in the background (idempotent). */
  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** True once the first list has been applied. */
  get synced(): boolean {
    return this.hasSynced;
  }

  get state(): InformerState {
    return this.current;
  }

  get problem(): ClusterProblem | undefined {
    return this.currentProblem;
  }

  /** The version the cache reflects (where the next watch resumes). */
  get resourceVersion(): string {
    return this.rv;
  }

  get size(): number {
    return this.cache.size;
  }

  /** Resolves after the first list. */
  whenSynced(): Promise<void> {
    return this.hasSynced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  /** Cached items. */
  list(): T[] {
    return [...this.cache.values()];
  }

  /** Cached items without copying. */
  values(): IterableIterator<T> {
    return this.cache.values();
  }

  /** One cached object by namespace and name (with the default key). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(keyOf(namespace, name));
  }

  /**
   * Closes the current watch; the loop resumes from `fromResourceVersion` (default: where it was).
   * Diagnostics and tests pass an old version to drive the server's 410 Gone → relist path.
   */
  restartWatch(fromResourceVersion?: string): void {
    if (fromResourceVersion !== undefined) this.rv = fromResourceVersion;
    this.watchAbort?.abort();
  }

  /** Stops the loop and closes the watch. */
  async dispose(): Promise<void> {
    this.abort.abort();
    this.listeners.clear();
    this.stateListeners.clear();
    this.syncListeners.clear();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let quickEnds = 0;
    while (!signal.aborted) {
      try {
        await this.retry.whenReady?.(signal);
        if (!this.rv) await this.relist(signal);
        const started = this.clock.now();
        const sawEvents = await this.watchOnce(signal);
        const ended = this.clock.now();
        // A watch that ends at once over and over means something is wrong: let the retry policy pace us.
        quickEnds = !sawEvents && ended - started < 1000 ? quickEnds + 1 : 0;
        if (quickEnds >= 3) {
          quickEnds = 0;
          throw new KubeError({ kind: 'network', code: 'ECONNRESET', message: 'The watch keeps closing at once.', server: this.opts.client.server });
        }
        this.retry.succeeded?.();
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof GoneError || isKubeError(err, 'Gone')) {
          this.stats.relists++;
          this.rv = '';
          this.setState('relisting');
          continue;
        }
        const e = toKubeError(err, this.opts.client.server);
        if (e.isUnreachable || e.isAuthFailure) {
          // Resume from where we were once the cluster is back.
          this.setState('reconnecting', e.problem);
        } else {
          this.setState('failed', e.problem);
          this.rv = '';
        }
        this.opts.logger?.warn('informer interrupted; retrying', { path: this.opts.path, code: e.code, err: e.message });
        try {
          await this.retry.afterFailure(e, signal);
        } catch {
          if (signal.aborted) break;
        }
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    if (!this.hasSynced) this.setState('listing');
    const next = new Map<string, T>();
    const pageSize = this.opts.pageSize ?? 500;
    // Items are parsed and projected as they stream in: the full objects never exist all at once.
    const fetch = (query: Record<string, string | number>): Promise<ListMeta> => {
      const run = async (): Promise<ListMeta> => {
        const parser = new ListStreamParser((raw) => {
          const item = this.project(raw as KubeObject);
          next.set(this.key(item), item);
        });
        const q = this.opts.labelSelector ? { ...query, labelSelector: this.opts.labelSelector } : query;
        await this.opts.client.requestStream(this.opts.path, { signal, timeoutMs: 120_000, query: q, ...(this.opts.what ? { what: this.opts.what } : {}) }, (chunk) => parser.feed(chunk));
        return parser.end();
      };
      return this.opts.throttle ? this.opts.throttle(run) : run();
    };
    let meta = await fetch({ limit: pageSize });
    if (meta.continue && meta.remainingItemCount !== undefined && meta.remainingItemCount <= (this.opts.wholeListMax ?? 25_000)) {
      // Paging custom resources is slow (every page reads etcd): one whole list of a known,
      // moderate size is 2–4× faster, and streaming keeps its memory as small as a page's.
      next.clear();
      meta = await fetch({});
    }
    let restarted = false;
    while (meta.continue) {
      try {
        meta = await fetch({ limit: pageSize, continue: meta.continue });
      } catch (err) {
        // An expired continue token: start the list over (once).
        if (!isKubeError(err, 'Gone') || restarted) throw err;
        restarted = true;
        next.clear();
        meta = await fetch({ limit: pageSize });
      }
    }
    const first = !this.hasSynced;
    const old = this.cache;
    this.cache = next;
    this.rv = meta.resourceVersion ?? '';
    for (const [key, item] of old) if (!next.has(key)) this.emit('DELETED', item);
    for (const [key, item] of next) {
      const before = old.get(key);
      if (!before) this.emit('ADDED', item);
      else if (!this.same(before, item)) this.emit('MODIFIED', item);
    }
    this.hasSynced = true;
    for (const w of this.syncWaiters.splice(0)) w();
    for (const l of this.syncListeners) l(first);
  }

  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    const [lo, hi] = this.opts.watchTimeoutS ?? [240, 420];
    const local = new AbortController();
    this.watchAbort = local;
    const both = AbortSignal.any([signal, local.signal]);
    let failure: KubeError | undefined;
    let sawEvents = false;
    this.stats.watches++;
    const onLine = (line: WatchLine): void => {
      if (failure) return;
      const obj = line.object as unknown as KubeObject;
      if (line.type === 'ERROR') {
        // The event carries a Status object: the same mapping as an HTTP error (410 / Expired → Gone: relist).
        const status = line.object as { code?: unknown };
        failure = httpError(typeof status.code === 'number' ? status.code : 500, JSON.stringify(line.object));
        local.abort();
        return;
      }
      sawEvents = true;
      const rv = obj.metadata?.resourceVersion;
      if (rv) this.rv = rv;
      if (line.type === 'BOOKMARK') return;
      this.stats.events++;
      const item = this.project(obj);
      const key = this.key(item);
      if (line.type === 'DELETED') {
        if (this.cache.delete(key)) this.emit('DELETED', item);
        return;
      }
      const before = this.cache.get(key);
      if (before && this.same(before, item)) return;
      this.cache.set(key, item);
      this.emit(before ? 'MODIFIED' : 'ADDED', item);
    };
    const query = {
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.round(lo + (this.opts.random ?? Math.random)() * (hi - lo)),
      ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
    };
    await this.opts.client.watch(this.opts.path, query, onLine, both, () => this.setState('live'));
    if (failure) throw isKubeError(failure, 'Gone') ? new GoneError() : failure;
    return sawEvents;
  }

  private emit(type: InformerEventType, item: T): void {
    for (const l of this.listeners) {
      try {
        l(type, item);
      } catch (err) {
        this.opts.logger?.error('informer listener failed', { err, path: this.opts.path });
      }
    }
  }

  private setState(state: InformerState, problem?: ClusterProblem): void {
    if (this.current === state && this.currentProblem?.message === problem?.message) return;
    this.current = state;
    this.currentProblem = problem;
    for (const l of this.stateListeners) l(state, problem);
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Waits `ms` on `clock`; resolves early when `signal` aborts. */
function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer: TimerHandle = clock.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
