// A growing, ascending list of line numbers in one typed array (4 bytes a line): which store lines belong to a task.

/** Ascending line numbers, appended in runs; `from(first)` skips lines the store has dropped. */
export class LineIndex {
  private buf = new Uint32Array(256);
  private n = 0;
  private start = 0;

  /** Lines held (including dropped ones not compacted yet). */
  get size(): number {
    return this.n - this.start;
  }

  /** Appends `count` consecutive lines starting at `line`. */
  pushRun(line: number, count: number): void {
    if (this.n + count > this.buf.length) {
      const live = this.n - this.start;
      const next = new Uint32Array(Math.max(256, Math.ceil((live + count) * 1.5)));
      next.set(this.buf.subarray(this.start, this.n));
      this.buf = next;
      this.n = live;
      this.start = 0;
    }
    for (let k = 0; k < count; k++) this.buf[this.n++] = line + k;
  }

  /** Forgets lines below `first` (the store dropped them). */
  dropBelow(first: number): void {
    this.start = this.lowerBound(first);
  }

  /** The `i`-th line held. */
  at(i: number): number {
    return this.buf[this.start + i]!;
  }

  /** Position of `line`, or -1 when it is not held. */
  indexOf(line: number): number {
    const i = this.lowerBound(line);
    return i < this.n && this.buf[i] === line ? i - this.start : -1;
  }

  private lowerBound(line: number): number {
    let lo = this.start;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.buf[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
