// One (cluster, resource, namespace) for the views: the shared list+watch of src-node/kube/informer.ts keeping compact
// rows, paced by the cluster's connection (its retry loop and health checks), turned into chunked snapshots and
// batched deltas for every subscriber.
import type { ResourceKind, ResourceRow, WatchEvent } from '../../src-shared/contract/clusters';
import { ROW_PROJECTORS, sameRow, type KubeObject } from '../../src-shared/clusters/row-projection';
import { RESOURCES, resourcePath } from '../../src-shared/clusters/resource-kinds';
import type { Logger } from '../util/logger';
import type { ClusterConnection } from './cluster-connection';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { Informer, type InformerRetry, type InformerState, type InformerStats } from '../../src-node/kube/informer';
import type { Clock } from '../../src-node/time/clock';

export type { InformerStats } from '../../src-node/kube/informer';

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
  readonly clock?: Clock;
}

type Emit = (event: WatchEvent) => void;
interface Subscriber {
  readonly emit: Emit;
  hasSnapshot: boolean;
}

/** Retries through the cluster's connection: wait until it is ready; report unreachable/auth failures to it. */
function connectionRetry(connection: ClusterConnection): InformerRetry {
  return {
    whenReady: (signal) => connection.whenReady(signal),
    afterFailure: async (err, signal) => {
      if (err.isUnreachable || err.isAuthFailure) {
        connection.reportFailure(err);
        // When the connection still looks ready (e.g. one dropped socket), wait for its check rather than spin.
        if (connection.isReady) await connection.nextGeneration(signal);
        return;
      }
      await connection.nextGeneration(signal);
    },
  };
}

/** One shared list+watch; rows only (full objects are fetched on demand). */
export class ResourceInformer {
  private readonly informer: Informer<ResourceRow>;
  private readonly subscribers = new Set<Subscriber>();
  private readonly pendingUpserts = new Map<string, ResourceRow>();
  private readonly pendingDeletes = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private release: (() => void) | undefined;

  constructor(
    readonly client: KubeClient,
    private readonly connection: ClusterConnection,
    readonly resource: ResourceKind,
    readonly namespace: string | undefined,
    private readonly options: InformerOptions = {},
  ) {
    const def = RESOURCES[resource];
    const project = ROW_PROJECTORS[resource] as (o: KubeObject) => ResourceRow;
    this.informer = new Informer<ResourceRow>({
      client,
      path: resourcePath(def, namespace),
      what: `${def.title} (${def.group || 'core'}/${def.version})`,
      project: (o) => project(o as KubeObject),
      key: (row) => row.uid,
      same: sameRow,
      retry: connectionRetry(connection),
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      ...(options.wholeListMax !== undefined ? { wholeListMax: options.wholeListMax } : {}),
      ...(options.watchTimeoutS ? { watchTimeoutS: options.watchTimeoutS } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.informer.onDidChange((type, row) => {
      // The first list reaches subscribers as one snapshot (onDidSync), not as deltas.
      if (!this.informer.synced) return;
      if (type === 'DELETED') this.queueDelete(row.uid);
      else this.queueUpsert(row);
    });
    this.informer.onDidSync((first) => {
      if (first) for (const sub of this.subscribers) this.sendSnapshot(sub);
      // A relist sends only what changed, so views keep their scroll position and selection.
      else this.flush();
    });
    this.informer.onDidChangeState((state, problem) => {
      if (state === 'failed') this.options.log?.debug('informer failed', { resource: this.resource, namespace: this.namespace, code: problem?.code });
      const event: WatchEvent = { type: 'state', state, ...(problem ? { problem } : {}) };
      for (const sub of this.subscribers) sub.emit(event);
    });
  }

  get size(): number {
    return this.informer.size;
  }

  get isSynced(): boolean {
    return this.informer.synced;
  }

  get state(): InformerState {
    return this.informer.state;
  }

  /** Counters tests and the bench read. */
  get stats(): InformerStats {
    return this.informer.stats;
  }

  /** Starts the loop (idempotent); holds the connection open while it runs. */
  start(): void {
    if (this.release) return;
    this.release = this.connection.retain();
    this.informer.start();
  }

  /** Adds a subscriber: it gets the snapshot (now if synced, else when the list completes), then deltas. */
  subscribe(emit: Emit): () => void {
    const sub: Subscriber = { emit, hasSnapshot: false };
    this.subscribers.add(sub);
    const problem = this.informer.problem;
    emit({ type: 'state', state: this.informer.state, ...(problem ? { problem } : {}) });
    if (this.informer.synced) this.sendSnapshot(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  /**
   * Closes the current watch; the loop resumes from `fromResourceVersion` (default: where it was).
   * Diagnostics and tests use an old version to drive the server's 410 Gone → relist path.
   */
  restartWatch(fromResourceVersion?: string): void {
    this.informer.restartWatch(fromResourceVersion);
  }

  /** Stops the loop and closes the watch. */
  async dispose(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.subscribers.clear();
    await this.informer.dispose();
    this.release?.();
  }

  private sendSnapshot(sub: Subscriber): void {
    const chunk = this.options.chunkSize ?? 2000;
    sub.emit({ type: 'reset' });
    let batch: ResourceRow[] = [];
    for (const row of this.informer.values()) {
      batch.push(row);
      if (batch.length >= chunk) {
        sub.emit({ type: 'rows', rows: batch });
        batch = [];
      }
    }
    if (batch.length) sub.emit({ type: 'rows', rows: batch });
    sub.emit({ type: 'synced', total: this.informer.size, resourceVersion: this.informer.resourceVersion });
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
}
