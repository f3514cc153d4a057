// Search that keeps up with a live log: the first run scans the whole view once; later runs (new lines arrived) scan
// only the lines added since, so a query left in the box costs per frame what arrived in that frame.
import type { LogLineStore, StoreSearchResult } from '../../../../src-shared/logs/line-store';
import type { SearchPattern } from '../../../../src-shared/logs/search';
import type { LogLines } from './log-lines';

/** Matches of one query in one view, extended as lines arrive. */
export class IncrementalSearch {
  private pattern: SearchPattern | undefined;
  private view = '';
  private first = -1;
  private searchedEnd = 0;
  private hits = new Uint32Array(0);
  private n = 0;
  private count = 0;

  /** Lines (store numbers, ascending) with a match and the number of matches, for `pattern` in `lines`. */
  run(store: LogLineStore, pattern: SearchPattern, lines: LogLines): StoreSearchResult {
    if (pattern !== this.pattern || lines.key !== this.view || store.first !== this.first || store.end < this.searchedEnd) {
      this.pattern = pattern;
      this.view = lines.key;
      this.first = store.first;
      this.searchedEnd = store.first;
      this.n = 0;
      this.count = 0;
    }
    if (store.end > this.searchedEnd) {
      const r = store.search(pattern, { from: this.searchedEnd, ...(lines.sources ? { sources: lines.sources } : {}) });
      this.append(r.lines);
      this.count += r.count;
      this.searchedEnd = store.end;
    }
    return { lines: this.hits.subarray(0, this.n), count: this.count };
  }

  private append(lines: Uint32Array): void {
    if (!lines.length) return;
    if (this.n + lines.length > this.hits.length) {
      const next = new Uint32Array(Math.max(64, Math.ceil((this.n + lines.length) * 1.5)));
      next.set(this.hits.subarray(0, this.n));
      this.hits = next;
    }
    this.hits.set(lines, this.n);
    this.n += lines.length;
  }
}
