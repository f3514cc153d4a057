// List + watch of one collection into a cache, with bookmarks, re-watch from the last resourceVersion and relist on 410 Gone.
import type { Disposable } from '../../src-shared/util/disposable';
import type { Logger } from '../../src-node/log/logger';
import type { KubeClient } from './kube-client';
import { httpError, isKubeError } from '../../src-node/kube/kube-errors';
import type { KubeList, KubeObject } from '../../src-node/kube/kube-types';

/** What changed in the cache. */
export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Options of an informer. */
export interface InformerOptions {
  readonly client: KubeClient;
  /** Collection path, e.g. `/apis/tekton.dev/v1/pipelineruns`. */
  readonly path: string;
  readonly labelSelector?: string;
  readonly logger: Logger;
  /** Server-side watch timeout; the informer re-watches after it. */
  readonly watchTimeoutSeconds?: number;
}

/** Keeps a local copy of a collection current and tells listeners what changed. */
export class Informer<T extends KubeObject> implements Disposable {
  private readonly cache = new Map<string, T>();
  private readonly listeners = new Set<(type: InformerEventType, obj: T) => void>();
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private hasSynced = false;
  private syncWaiters: (() => void)[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly opts: InformerOptions) {}

  /** Subscribes to changes; returns a disposer. */
  onDidChange(listener: (type: InformerEventType, obj: T) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Starts list+watch in the background. */
  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** True once the first list has been applied. */
  get synced(): boolean {
    return this.hasSynced;
  }

  /** Resolves after the first list. */
  whenSynced(): Promise<void> {
    return this.hasSynced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  /** Cached objects. */
  list(): T[] {
    return [...this.cache.values()];
  }

  /** One cached object. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(keyOf(namespace, name));
  }

  async dispose(): Promise<void> {
    this.abort.abort();
    this.listeners.clear();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    let needList = true;
    while (!this.abort.signal.aborted) {
      try {
        if (needList) await this.relist();
        needList = false;
        await this.watch();
        backoff = 500;
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (isKubeError(err, 'Gone')) {
          needList = true;
          continue;
        }
        this.opts.logger.warn('watch interrupted; retrying', {
          path: this.opts.path,
          err,
          backoffMs: backoff,
        });
        await sleep(backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, 15_000);
        // After a failed watch the resourceVersion may be too old: a relist is always safe.
        needList = true;
      }
    }
  }

  private async relist(): Promise<void> {
    const seen = new Map<string, T>();
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.opts.client.request<KubeList<T>>('GET', this.opts.path, {
        query: { labelSelector: this.opts.labelSelector, limit: 500, continue: cont },
        signal: this.abort.signal,
        timeoutMs: 60_000,
      });
      for (const item of page.items) seen.set(keyOf(item.metadata.namespace, item.metadata.name), item);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? rv;
    } while (cont);
    for (const [key, old] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('DELETED', old);
      }
    }
    for (const [key, obj] of seen) {
      const old = this.cache.get(key);
      this.cache.set(key, obj);
      if (!old) this.emit('ADDED', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit('MODIFIED', obj);
    }
    this.resourceVersion = rv;
    if (!this.hasSynced) {
      this.hasSynced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private async watch(): Promise<void> {
    const res = await this.opts.client.stream(this.opts.path, {
      query: {
        watch: 1,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.opts.labelSelector,
        timeoutSeconds: this.opts.watchTimeoutSeconds ?? 240,
      },
      signal: this.abort.signal,
      timeoutMs: ((this.opts.watchTimeoutSeconds ?? 240) + 30) * 1000,
    });
    let buffered = '';
    for await (const chunk of res as AsyncIterable<Buffer>) {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line)
          this.apply(JSON.parse(line) as { type: string; object: T & { code?: number; reason?: string } });
      }
    }
  }

  private apply(ev: {
    type: string;
    object: T & { code?: number; reason?: string; message?: string };
  }): void {
    if (ev.type === 'ERROR') {
      // The event carries a Status object: the same mapping as an HTTP error (410 / Expired → Gone: relist).
      throw httpError(ev.object.code ?? 500, JSON.stringify(ev.object));
    }
    const obj = ev.object;
    if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
    if (ev.type === 'BOOKMARK') return;
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    if (ev.type === 'DELETED') {
      this.cache.delete(key);
      this.emit('DELETED', obj);
      return;
    }
    const had = this.cache.has(key);
    this.cache.set(key, obj);
    this.emit(had ? 'MODIFIED' : 'ADDED', obj);
  }

  private emit(type: InformerEventType, obj: T): void {
    for (const l of this.listeners) {
      try {
        l(type, obj);
      } catch (err) {
        this.opts.logger.error('informer listener failed', { err, path: this.opts.path });
      }
    }
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
