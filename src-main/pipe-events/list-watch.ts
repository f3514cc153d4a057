// List then watch one collection, resuming from the last resourceVersion; relists on 410 Gone or a broken stream.
import type { KubeClient } from '../../src-node/kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';

/** What a list+watch reports. */
export interface ListWatchSink<T> {
  /** The whole collection (after each list). */
  reset(items: readonly T[]): void;
  upsert(item: T): void;
  remove(item: T): void;
  /** A problem (undefined once the collection is readable again). */
  problem(message: string | undefined): void;
}

type Listed = { metadata?: { resourceVersion?: string }; items?: unknown[] };
type WithVersion = { metadata?: { resourceVersion?: string } };

const MAX_BACKOFF_MS = 30_000;

/** Runs until `signal` aborts; `read` turns each raw object into what the sink keeps (bounded by the caller). */
export async function listWatch<T>(client: KubeClient, path: string, query: Record<string, string>, read: (o: unknown) => T, sink: ListWatchSink<T>, signal: AbortSignal, describe: (err: unknown) => string): Promise<void> {
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      const list = await client.request<Listed>(path, { query, signal });
      let version = list.metadata?.resourceVersion ?? '';
      sink.reset((list.items ?? []).map(read));
      sink.problem(undefined);
      backoff = 1000;
      let gone = false;
      while (!signal.aborted && !gone) {
        await client.watch(
          path,
          { ...query, resourceVersion: version, allowWatchBookmarks: 'true', timeoutSeconds: '290' },
          (line) => {
            const v = (line.object as WithVersion).metadata?.resourceVersion;
            if (line.type === 'ERROR') {
              gone = true;
              return;
            }
            if (v) version = v;
            if (line.type === 'ADDED' || line.type === 'MODIFIED') sink.upsert(read(line.object));
            else if (line.type === 'DELETED') sink.remove(read(line.object));
          },
          signal,
        );
      }
    } catch (err) {
      if (signal.aborted) return;
      if (!isKubeError(err, 'Gone')) {
        sink.problem(describe(err));
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
