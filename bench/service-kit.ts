// Small helpers shared by the pipe-events benches: percentiles and a raw watch.
import type { KubeClient } from '../src-service/kube/kube-client';

/** Nearest-rank percentile, rounded to 0.1 (0 when there are no values). */
export function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

/** A watch of objects under `path` (from now on): calls `onAdded` with the time each new object was seen. */
export async function watchAdded<T extends { metadata: { name: string } }>(
  client: KubeClient,
  path: string,
  onAdded: (obj: T, seenAt: number) => void,
): Promise<{ dispose(): void }> {
  const list = await client.request<{ metadata: { resourceVersion: string } }>('GET', path, {
    query: { limit: 1 },
  });
  const abort = new AbortController();
  const res = await client.stream(path, {
    query: { watch: 'true', resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: 'false' },
    signal: abort.signal,
  });
  let partial = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const now = performance.now();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as { type: string; object: T };
      if (ev.type === 'ADDED') onAdded(ev.object, now);
    }
  });
  res.on('error', () => undefined);
  return {
    dispose: () => {
      abort.abort();
      res.destroy();
    },
  };
}
