// List + watch of a small set of whole objects (one run, its TaskRuns, GitHubEvents): resourceVersion, bookmarks,
// 410 Gone → relist, a broken or refused watch retried with backoff. Calls `onChange` with the current set after each
// change (gathered for `batchMs`), `onProblem` when the list fails.
import type { KubeClient, WatchLine } from '../../src-node/kube/kube-client';
import { KubeError, toKubeError } from '../../src-node/kube/kube-errors';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';

/** An object as the watch sees it (only the metadata is read here). */
export interface WatchedObject {
  readonly metadata: { readonly name: string; readonly uid?: string; readonly resourceVersion?: string };
}

/** What to watch and whom to tell. */
export interface ObjectWatchOptions<T extends WatchedObject> {
  readonly client: Pick<KubeClient, 'request' | 'watch'>;
  /** Collection path, e.g. `/apis/tekton.dev/v1/namespaces/team-a/taskruns`. */
  readonly path: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Keeps at most this many objects (the LIST is limited to it; later objects from the watch replace none). */
  readonly limit?: number;
  readonly what: string;
  readonly onChange: (items: readonly T[]) => void;
  readonly onProblem: (err: KubeError) => void;
  readonly clock?: Clock;
  readonly batchMs?: number;
  /** Backoff after a failure: base and cap (ms). */
  readonly retryMs?: readonly [number, number];
  /** Server-side watch timeout (s); the watch is then reopened from where it was. */
  readonly watchTimeoutS?: number;
}

/** One list+watch; `dispose()` closes it. */
export class ObjectWatch<T extends WatchedObject> {
  private readonly items = new Map<string, T>();
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private flushTimer: TimerHandle | undefined;
  private synced = false;
  /** Lists and watches opened (tests read them). */
  readonly stats = { lists: 0, watches: 0 };

  constructor(private readonly o: ObjectWatchOptions<T>) {
    this.clock = o.clock ?? systemClock;
    void this.loop();
  }

  dispose(): void {
    this.abort.abort();
    this.clock.clearTimeout(this.flushTimer);
  }

  private get selectors(): Record<string, string> {
    return { ...(this.o.labelSelector ? { labelSelector: this.o.labelSelector } : {}), ...(this.o.fieldSelector ? { fieldSelector: this.o.fieldSelector } : {}) };
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const [base, cap] = this.o.retryMs ?? [500, 15_000];
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.list(signal);
        failures = 0;
        const opened = this.clock.now();
        await this.watchOnce(signal);
        // A watch the server ends at once, over and over, would spin: pace it.
        if (this.clock.now() - opened < 1000) await this.sleep(base, signal);
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof KubeError && err.status === 410) {
          this.resourceVersion = '';
          continue;
        }
        const e = toKubeError(err);
        // A failed LIST is what the user needs to hear about; a broken watch is resumed quietly.
        if (!this.resourceVersion) this.o.onProblem(e);
        failures++;
        await this.sleep(Math.min(cap, base * 2 ** Math.min(failures - 1, 8)), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const list = await this.o.client.request<{ metadata?: { resourceVersion?: string }; items?: T[] }>(this.o.path, {
      query: { ...this.selectors, ...(this.o.limit ? { limit: String(this.o.limit) } : {}) },
      signal,
      what: this.o.what,
    });
    this.items.clear();
    for (const item of list.items ?? []) this.items.set(item.metadata.name, item);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.synced = true;
    this.flushNow();
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    this.stats.watches++;
    const local = new AbortController();
    const both = AbortSignal.any([signal, local.signal]);
    let failure: KubeError | undefined;
    const onLine = (line: WatchLine): void => {
      const obj = line.object as unknown as T;
      if (line.type === 'ERROR') {
        const status = line.object as { code?: number; message?: string };
        failure = new KubeError({ kind: 'http', status: status.code ?? 500, ...(status.message ? { serverMessage: status.message } : {}) });
        local.abort();
        return;
      }
      const rv = obj.metadata?.resourceVersion;
      if (rv) this.resourceVersion = rv;
      if (line.type === 'BOOKMARK' || !obj.metadata?.name) return;
      if (line.type === 'DELETED') this.items.delete(obj.metadata.name);
      else if (!this.o.limit || this.items.size < this.o.limit || this.items.has(obj.metadata.name)) this.items.set(obj.metadata.name, obj);
      this.scheduleFlush();
    };
    await this.o.client.watch(this.o.path, { ...this.selectors, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.o.watchTimeoutS ?? 300 }, onLine, both);
    if (failure) throw failure;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.clock.setTimeout(() => this.flushNow(), this.o.batchMs ?? 50);
  }

  private flushNow(): void {
    this.clock.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.synced || this.abort.signal.aborted) return;
    this.o.onChange([...this.items.values()]);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(done, ms);
      function done(): void {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }
      const clock = this.clock;
      function onAbort(): void {
        clock.clearTimeout(t);
        resolve();
      }
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
