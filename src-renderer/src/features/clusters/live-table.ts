// A live table in the renderer: one host stream per (context, resource, namespace), shared by every component showing it.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ClusterProblem, ResourceKind, ResourceRow, WatchEvent } from '../../../../src-shared/contract/clusters';
import { ERROR_HELP, RpcError } from '../../../../src-shared/contract/errors';
import { host } from '../../bridge/host';

/** What a component reads: rows keyed by uid plus the stream's state; replaced on every applied batch. */
export interface LiveTableSnapshot {
  readonly rows: ReadonlyMap<string, ResourceRow>;
  /** Bumped whenever rows change (cheap memo key). */
  readonly version: number;
  readonly synced: boolean;
  readonly state: Extract<WatchEvent, { type: 'state' }>['state'] | 'connecting';
  readonly problem: ClusterProblem | undefined;
  /** When the first full snapshot was applied (performance.now()), for the bench. */
  readonly syncedAt: number | undefined;
}

type Listener = () => void;

/** Holds one stream and applies its events; notifies at most once per animation frame. */
export class LiveTable {
  private rows = new Map<string, ResourceRow>();
  private staging: Map<string, ResourceRow> | undefined;
  private snapshot: LiveTableSnapshot = { rows: this.rows, version: 0, synced: false, state: 'connecting', problem: undefined, syncedAt: undefined };
  private readonly listeners = new Set<Listener>();
  private frame: number | undefined;
  private stop: (() => void) | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private disposed = false;
  refs = 0;

  constructor(
    readonly context: string,
    readonly resource: ResourceKind,
    readonly namespace: string | undefined,
  ) {
    this.open();
  }

  get current(): LiveTableSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Applies one stream event (exported for tests). */
  apply(e: WatchEvent): void {
    switch (e.type) {
      case 'reset':
        this.staging = new Map();
        return;
      case 'rows':
        for (const r of e.rows) (this.staging ??= new Map()).set(r.uid, r);
        return;
      case 'synced':
        this.rows = this.staging ?? new Map();
        this.staging = undefined;
        this.update({ synced: true, syncedAt: this.snapshot.syncedAt ?? performance.now() }, true);
        return;
      case 'delta':
        for (const r of e.upserts) this.rows.set(r.uid, r);
        for (const uid of e.deletes) this.rows.delete(uid);
        this.update({}, false);
        return;
      case 'state':
        this.update({ state: e.state, problem: e.problem }, true);
        return;
    }
  }

  /** Re-subscribes now (after a failure the user wants to retry). */
  reopen(): void {
    this.stop?.();
    if (this.retry) clearTimeout(this.retry);
    this.attempt = 0;
    this.open();
  }

  dispose(): void {
    this.disposed = true;
    this.stop?.();
    if (this.retry) clearTimeout(this.retry);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }

  private open(): void {
    this.retry = undefined;
    try {
      this.stop = host().clusters.watch(
        { context: this.context, resource: this.resource, ...(this.namespace ? { namespace: this.namespace } : {}) },
        { next: (e) => this.apply(e), end: (err) => this.ended(err) },
      );
    } catch (err) {
      this.ended(err instanceof RpcError ? err : new RpcError('unavailable', 'The host is not reachable.'));
    }
  }

  private ended(err: RpcError | undefined): void {
    this.stop = undefined;
    if (this.disposed) return;
    const problem = err ? { code: err.code, message: err.message, help: ERROR_HELP[err.code] } : undefined;
    this.update({ state: 'failed', problem }, true);
    // Losing the host connection is temporary; a refused request (no such context) is not retried blindly.
    if (!err || err.code === 'unavailable' || err.code === 'cancelled') {
      this.retry = setTimeout(() => this.open(), Math.min(500 * 2 ** this.attempt++, 10_000));
    }
  }

  private update(patch: Partial<LiveTableSnapshot>, immediate: boolean): void {
    this.snapshot = { ...this.snapshot, ...patch, rows: this.rows, version: this.snapshot.version + 1 };
    if (immediate) return this.notify();
    // Deltas arrive every few ms under load; render at most once per frame.
    this.frame ??= requestAnimationFrame(() => this.notify());
  }

  private notify(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    for (const l of [...this.listeners]) l();
  }
}

const tables = new Map<string, LiveTable>();
const keyOf = (context: string, resource: ResourceKind, namespace: string | undefined): string => `${context}\u0000${resource}\u0000${namespace ?? ''}`;

/** Gets (or opens) the shared table and holds it until the returned release is called. */
export function acquireLiveTable(context: string, resource: ResourceKind, namespace: string | undefined): { table: LiveTable; release: () => void } {
  const key = keyOf(context, resource, namespace);
  let table = tables.get(key);
  if (!table) {
    table = new LiveTable(context, resource, namespace);
    tables.set(key, table);
  }
  table.refs++;
  const t = table;
  let released = false;
  return {
    table: t,
    release: () => {
      if (released) return;
      released = true;
      if (--t.refs > 0) return;
      tables.delete(key);
      t.dispose();
    },
  };
}

const EMPTY: LiveTableSnapshot = { rows: new Map(), version: 0, synced: false, state: 'connecting', problem: undefined, syncedAt: undefined };
const noop = (): (() => void) => () => undefined;

/** Reads a table's snapshot in a component (re-renders when it changes). */
export function useLiveTableSnapshot(table: LiveTable | undefined): LiveTableSnapshot {
  return useSyncExternalStore(table ? table.subscribe : noop, () => (table ? table.current : EMPTY));
}

/** Opens the shared table for these parameters while the component is mounted. */
export function useLiveTable(context: string | undefined, resource: ResourceKind, namespace: string | undefined): { table: LiveTable | undefined; snapshot: LiveTableSnapshot } {
  const [table, setTable] = useState<LiveTable | undefined>(undefined);
  useEffect(() => {
    if (!context) return;
    const { table: t, release } = acquireLiveTable(context, resource, namespace);
    setTable(t);
    return () => {
      release();
      setTable(undefined);
    };
  }, [context, resource, namespace]);
  const matches = table && table.context === context && table.resource === resource && table.namespace === namespace ? table : undefined;
  return { table: matches, snapshot: useLiveTableSnapshot(matches) };
}
