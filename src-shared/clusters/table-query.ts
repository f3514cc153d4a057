// Sorting, filtering and text search over table rows; pure so the renderer and tests share it.

/** How a table is sorted and narrowed. */
export interface TableQuery {
  readonly sortKey?: string;
  readonly sortDir?: 'asc' | 'desc';
  /** Words, all of which must appear (case-insensitive); a word starting with `-` must not appear. */
  readonly search?: string;
  /** Per column, the values to keep (empty or absent = keep all). */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
}

/** How a table reads a column's value from a row. */
export type Accessor<R> = (row: R) => string | number | undefined;

/** Compiled search words. */
interface SearchTerms {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Splits the search text into words to keep and words to drop. */
export function parseSearch(text: string | undefined): SearchTerms {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const w of (text ?? '').toLowerCase().split(/\s+/)) {
    if (!w || w === '-') continue;
    if (w.startsWith('-')) exclude.push(w.slice(1));
    else include.push(w);
  }
  return { include, exclude };
}

/** Compares column values: numbers numerically, strings naturally (pod-2 before pod-10); absent values last. */
export function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareKeys(naturalKey(String(a)), naturalKey(String(b)));
}

/** Compares precomputed sort keys (natural keys for strings); absent values last. */
function compareKeys(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : 1;
}

/**
 * A key whose plain string order is natural order: lower-cased, each digit run prefixed by its length
 * ("pod-10" → "pod-0210"), so sorting 10k names needs no locale collator (~10× faster).
 */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => {
    const digits = d.replace(/^0+(?=\d)/, '');
    return String.fromCharCode(48 + Math.min(digits.length, 40)) + digits;
  });
}

/** Applies a query: filter by column values, search text, then a stable sort. */
export function applyTableQuery<R>(
  rows: Iterable<R>,
  query: TableQuery,
  accessors: Readonly<Record<string, Accessor<R>>>,
  searchText: (row: R) => string,
): R[] {
  const terms = parseSearch(query.search);
  const filters = Object.entries(query.filters ?? {}).filter(([k, v]) => v.length > 0 && accessors[k]);
  const filterSets = filters.map(([k, v]) => [accessors[k]!, new Set(v)] as const);
  const out: R[] = [];
  for (const row of rows) {
    if (filterSets.some(([get, allowed]) => !allowed.has(String(get(row) ?? '')))) continue;
    if (terms.include.length || terms.exclude.length) {
      const text = searchText(row).toLowerCase();
      if (!terms.include.every((w) => text.includes(w))) continue;
      if (terms.exclude.some((w) => text.includes(w))) continue;
    }
    out.push(row);
  }
  const get = query.sortKey ? accessors[query.sortKey] : undefined;
  if (get) {
    const dir = query.sortDir === 'desc' ? -1 : 1;
    // Pre-extract keys once: 10k rows sort in a few ms instead of calling accessors n·log n times.
    const keyed = out.map((row, i) => {
      const v = get(row);
      return { row, i, key: typeof v === 'string' ? naturalKey(v) : v };
    });
    keyed.sort((a, b) => {
      const c = compareKeys(a.key, b.key);
      if (c === 0) return a.i - b.i;
      // Absent values stay last whichever the direction.
      if (a.key === undefined || b.key === undefined) return c;
      return c * dir;
    });
    return keyed.map((k) => k.row);
  }
  return out;
}

/** The distinct values of a column with their counts (for filter menus), most frequent first. */
export function distinctValues<R>(rows: Iterable<R>, get: Accessor<R>, limit = 50): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const v = String(get(row) ?? '');
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareValues(a.value, b.value))
    .slice(0, limit);
}
