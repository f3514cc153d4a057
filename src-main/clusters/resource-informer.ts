// List + watch of one (cluster, resource, namespace): resourceVersion, bookmarks, 410 → relist, reconnect through the cluster's retry loop.
import type { ClusterProblem, ResourceKind, ResourceRow, WatchEvent } from '../../src-shared/contract/clusters';
import { ROW_PROJECTORS, sameRow, type KubeObject } from '../../src-shared/clusters/row-projection';
import { RESOURCES, resourcePath } from '../../src-shared/clusters/resource-kinds';
import type { Logger } from '../util/logger';
import type { ClusterConnection } from './cluster-connection';
import type { KubeClient, WatchLine } from '../../src-node/kube/kube-client';
import { KubeError, toKubeError } from '../../src-node/kube/kube-errors';
import { ListStreamParser, type ListMeta } from './list-stream-parser';

/** Tuning of an informer. */
export interface InformerOptions {
  /** How long changes are gathered before subscribers get one delta. */
  readonly batchMs?: number;
  /** Rows per `rows` event in a snapshot. */
  readonly chunkSize?: number;
  /** Objects per LIST page. */
  readonly pageSize?: number;
  /** Up to this many objects (per the first page's remainingItemCount) are fetched in one unpaged LIST. */
  readonly wholeListMax?: number;
  /** Server-side watch timeout range in seconds (randomized so watches do not expire together). */
  readonly watchTimeoutS?: readonly [number, number];
  readonly log?: Logger;
}

type State = Extract<WatchEvent, { type: 'state' }>['state'];
type Emit = (event: WatchEvent) => void;
interface Subscriber {
  readonly emit: Emit;
  hasSnapshot: boolean;
}

/** Thrown inside the loop when the server says our resourceVersion is too old. */
class GoneError extends Error {}

/** Counters tests and the bench read. */
export interface InformerStats {
  lists: number;
  watches: number;
  relists: number;
  events: number;
}

/** One shared list+watch; rows only (full objects are fetched on demand). */
export class ResourceInformer {
  private rows = new Map<string, ResourceRow>();
  private resourceVersion = '';
  private synced = false;
  private state: State = 'listing';
  private problem: ClusterProblem | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private readonly pendingUpserts = new Map<string, ResourceRow>();
  private readonly pendingDeletes = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();
  private watchAbort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private readonly project: (o: KubeObject) => ResourceRow;
  readonly stats: InformerStats = { lists: 0, watches: 0, relists: 0, events: 0 };

  constructor(
    readonly client: KubeClient,
    private readonly connection: ClusterConnection,
    readonly resource: ResourceKind,
    readonly namespace: string | undefined,
    private readonly options: InformerOptions = {},
  ) {
    this.project = ROW_PROJECTORS[resource] as (o: KubeObject) => ResourceRow;
  }

  get size(): number {
    return this.rows.size;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Adds a subscriber: it gets the snapshot (now if synced, else when the list completes), then deltas. */
  subscribe(emit: Emit): () => void {
    const sub: Subscriber = { emit, hasSnapshot: false };
    this.subscribers.add(sub);
    emit({ type: 'state', state: this.state, ...(this.problem ? { problem: this.problem } : {}) });
    if (this.synced) this.sendSnapshot(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  /**
   * Closes the current watch; the loop resumes from `fromResourceVersion` (default: where it was).
   * Diagnostics and tests use an old version to drive the server's 410 Gone → relist path.
   */
  restartWatch(fromResourceVersion?: string): void {
    if (fromResourceVersion !== undefined) this.resourceVersion = fromResourceVersion;
    this.watchAbort?.abort();
  }

  /** Stops the loop and closes the watch. */
  async dispose(): Promise<void> {
    this.abort.abort();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscribers.clear();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const release = this.connection.retain();
    let quickEnds = 0;
    try {
      while (!signal.aborted) {
        try {
          await this.connection.whenReady(signal);
          if (!this.resourceVersion) await this.list(signal);
          const started = Date.now();
          const sawEvents = await this.watchOnce(signal);
          // A watch that ends at once over and over means something is wrong; let the retry loop pace us.
          quickEnds = !sawEvents && Date.now() - started < 1000 ? quickEnds + 1 : 0;
          if (quickEnds >= 3) {
            quickEnds = 0;
            throw new KubeError({ kind: 'network', code: 'ECONNRESET', message: 'The watch keeps closing at once.', server: this.client.server });
          }
        } catch (err) {
          if (signal.aborted) break;
          if (err instanceof GoneError) {
            this.stats.relists++;
            this.resourceVersion = '';
            this.setState('relisting');
            continue;
          }
          const e = toKubeError(err, this.client.server);
          if (e.isUnreachable || e.isAuthFailure) {
            this.setState('reconnecting', e.problem);
            this.connection.reportFailure(e);
            // When the connection still looks ready (e.g. one dropped socket), wait for its check rather than spin.
            if (this.connection.isReady) await this.connection.nextGeneration(signal);
            continue;
          }
          this.options.log?.debug('informer failed', { resource: this.resource, namespace: this.namespace, code: e.problem.code });
          this.setState('failed', e.problem);
          this.resourceVersion = '';
          await this.connection.nextGeneration(signal);
        }
      }
    } catch {
      // aborted while waiting
    } finally {
      release();
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    if (!this.synced) this.setState('listing');
    const def = RESOURCES[this.resource];
    const path = resourcePath(def, this.namespace);
    const next = new Map<string, ResourceRow>();
    const what = `${def.title} (${def.group || 'core'}/${def.version})`;
    const pageSize = this.options.pageSize ?? 500;
    // Items are parsed and projected as they stream in: the full objects never exist all at once.
    const fetch = async (query: Record<string, string | number>): Promise<ListMeta> => {
      const parser = new ListStreamParser((item) => {
        const row = this.project(item as KubeObject);
        next.set(row.uid, row);
      });
      await this.client.requestStream(path, { signal, timeoutMs: 120_000, query, what }, (chunk) => parser.feed(chunk));
      return parser.end();
    };
    let meta = await fetch({ limit: pageSize });
    if (meta.continue && meta.remainingItemCount !== undefined && meta.remainingItemCount <= (this.options.wholeListMax ?? 25_000)) {
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
        if (!(err instanceof KubeError && err.status === 410) || restarted) throw err;
        restarted = true;
        next.clear();
        meta = await fetch({ limit: pageSize });
      }
    }
    const rv = meta.resourceVersion ?? '';
    this.resourceVersion = rv;
    if (!this.synced) {
      this.rows = next;
      this.synced = true;
      for (const sub of this.subscribers) this.sendSnapshot(sub);
    } else {
      // A relist: send only what changed, so views keep their scroll position and selection.
      for (const [uid, row] of next) {
        const old = this.rows.get(uid);
        if (!old || !sameRow(old, row)) this.queueUpsert(row);
      }
      for (const uid of this.rows.keys()) if (!next.has(uid)) this.queueDelete(uid);
      this.rows = next;
      this.flush();
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    const def = RESOURCES[this.resource];
    const [lo, hi] = this.options.watchTimeoutS ?? [240, 420];
    const local = new AbortController();
    this.watchAbort = local;
    const both = AbortSignal.any([signal, local.signal]);
    let gone = false;
    let failure: KubeError | undefined;
    let sawEvents = false;
    this.stats.watches++;
    const onLine = (line: WatchLine): void => {
      const obj = line.object as KubeObject;
      if (line.type === 'ERROR') {
        const status = obj as { code?: number; message?: string };
        if (status.code === 410) gone = true;
        else failure = new KubeError({ kind: 'http', status: status.code ?? 500, ...(status.message ? { serverMessage: status.message } : {}) });
        local.abort();
        return;
      }
      sawEvents = true;
      const rv = obj.metadata?.resourceVersion;
      if (rv) this.resourceVersion = rv;
      if (line.type === 'BOOKMARK') return;
      this.stats.events++;
      const row = this.project(obj);
      if (line.type === 'DELETED') {
        if (this.rows.delete(row.uid)) this.queueDelete(row.uid);
        return;
      }
      const old = this.rows.get(row.uid);
      if (old && sameRow(old, row)) return;
      this.rows.set(row.uid, row);
      this.queueUpsert(row);
    };
    try {
      await this.client.watch(
        resourcePath(def, this.namespace),
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: Math.round(lo + Math.random() * (hi - lo)),
        },
        onLine,
        both,
        () => this.setState('live'),
      );
    } catch (err) {
      if (err instanceof KubeError && err.status === 410) throw new GoneError();
      throw err;
    }
    if (gone) throw new GoneError();
    if (failure) throw failure;
    return sawEvents;
  }

  private sendSnapshot(sub: Subscriber): void {
    const chunk = this.options.chunkSize ?? 2000;
    sub.emit({ type: 'reset' });
    let batch: ResourceRow[] = [];
    for (const row of this.rows.values()) {
      batch.push(row);
      if (batch.length >= chunk) {
        sub.emit({ type: 'rows', rows: batch });
        batch = [];
      }
    }
    if (batch.length) sub.emit({ type: 'rows', rows: batch });
    sub.emit({ type: 'synced', total: this.rows.size, resourceVersion: this.resourceVersion });
    sub.hasSnapshot = true;
  }

  private queueUpsert(row: ResourceRow): void {
    this.pendingDeletes.delete(row.uid);
    this.pendingUpserts.set(row.uid, row);
    this.scheduleFlush();
  }

  private queueDelete(uid: string): void {
    this.pendingUpserts.delete(uid);
    this.pendingDeletes.add(uid);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 10);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pendingUpserts.size && !this.pendingDeletes.size) return;
    const event: WatchEvent = { type: 'delta', upserts: [...this.pendingUpserts.values()], deletes: [...this.pendingDeletes] };
    this.pendingUpserts.clear();
    this.pendingDeletes.clear();
    for (const sub of this.subscribers) if (sub.hasSnapshot) sub.emit(event);
  }

  private setState(state: State, problem?: ClusterProblem): void {
    if (this.state === state && this.problem?.message === problem?.message) return;
    this.state = state;
    this.problem = problem;
    const event: WatchEvent = { type: 'state', state, ...(problem ? { problem } : {}) };
    for (const sub of this.subscribers) sub.emit(event);
  }
}

