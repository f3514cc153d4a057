// Bounded-parallel map over p-limit.
import pLimit from 'p-limit';

/** Maps with at most `limit` promises in flight, keeping order. */
export function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const run = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item) => run(() => fn(item))));
}
