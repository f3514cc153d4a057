// A compact store of log lines: lines live in chunks of one joined string plus an offsets index (not an object per
// line), so a million lines cost about their text. Capped: the oldest chunks go first.
import { hasAnsi, stripAnsi } from './ansi';
import type { SearchPattern } from './search';

const CHUNK_LINES = 4096;

/** One line to append. */
export interface LogLineInput {
  /** The text as received (may hold ANSI escapes). */
  readonly text: string;
  /** Epoch ms of the line's timestamp (NaN when unknown). */
  readonly timeMs?: number;
  /** Which container the line came from (an index into the store's sources). */
  readonly source?: number;
}

interface SealedChunk {
  /** Plain text of all lines joined by '\n'. */
  readonly text: string;
  /** Start offset of each line in `text`, plus the end: length = lines + 1. */
  readonly starts: Uint32Array;
  readonly times: Float64Array;
  readonly sources: Uint16Array;
  /** Raw text of the lines that had escape sequences, by index within the chunk. */
  readonly styled: ReadonlyMap<number, string>;
}

/** Where and what a search scans. */
export interface StoreSearchOptions {
  /** Stop after this many matching lines. */
  readonly limitLines?: number;
  /** Scan from this absolute line on (earlier lines were searched before). */
  readonly from?: number;
  /** Only lines whose source id is set here count (a filtered view). */
  readonly sources?: Uint8Array;
}

/** Matches of a search over the whole store. */
export interface StoreSearchResult {
  /** Absolute indices of the lines with at least one match, ascending. */
  readonly lines: Uint32Array;
  /** All matches, counting several in one line. */
  readonly count: number;
}

/** Options of a store. */
export interface LogLineStoreOptions {
  /** Most lines kept; older chunks are dropped whole. */
  readonly maxLines?: number;
}

/** Append-only line store with absolute line indices (`first` … `end - 1`). */
export class LogLineStore {
  private readonly sealed: SealedChunk[] = [];
  private open: string[] = [];
  private openTimes: number[] = [];
  private openSources: number[] = [];
  private openStyled = new Map<number, string>();
  private dropped = 0;
  private readonly maxLines: number;
  private readonly sourceNames: string[] = [];
  private readonly sourceIds = new Map<string, number>();

  constructor(options: LogLineStoreOptions = {}) {
    this.maxLines = Math.max(options.maxLines ?? 2_000_000, CHUNK_LINES * 2);
  }

  /** Index of the oldest line still held. */
  get first(): number {
    return this.dropped;
  }

  /** One past the newest line's index. */
  get end(): number {
    return this.dropped + this.sealed.length * CHUNK_LINES + this.open.length;
  }

  /** Lines held. */
  get size(): number {
    return this.end - this.dropped;
  }

  /** The id of a source name (a container), added when new. */
  sourceId(name: string): number {
    let id = this.sourceIds.get(name);
    if (id === undefined) {
      id = this.sourceNames.length;
      this.sourceNames.push(name);
      this.sourceIds.set(name, id);
    }
    return id;
  }

  /** Name of a source id. */
  sourceName(id: number): string | undefined {
    return this.sourceNames[id];
  }

  append(lines: readonly LogLineInput[]): void {
    for (const l of lines) {
      if (hasAnsi(l.text)) this.openStyled.set(this.open.length, l.text);
      this.open.push(stripAnsi(l.text).replaceAll('\n', ' '));
      this.openTimes.push(l.timeMs ?? Number.NaN);
      this.openSources.push(l.source ?? 0);
      if (this.open.length === CHUNK_LINES) this.seal();
    }
    while (this.size > this.maxLines && this.sealed.length) {
      this.sealed.shift();
      this.dropped += CHUNK_LINES;
    }
  }

  /** Plain text of a line (no escapes). */
  line(i: number): string {
    const at = this.locate(i);
    if (!at) return '';
    if (at.chunk) return at.chunk.text.slice(at.chunk.starts[at.index], at.chunk.starts[at.index + 1]! - 1);
    return this.open[at.index]!;
  }

  /** Text with its escape sequences, for styled display. */
  rawLine(i: number): string {
    const at = this.locate(i);
    if (!at) return '';
    const styled = at.chunk ? at.chunk.styled.get(at.index) : this.openStyled.get(at.index);
    return styled ?? this.line(i);
  }

  timeMs(i: number): number {
    const at = this.locate(i);
    if (!at) return Number.NaN;
    return at.chunk ? at.chunk.times[at.index]! : this.openTimes[at.index]!;
  }

  source(i: number): number {
    const at = this.locate(i);
    if (!at) return 0;
    return at.chunk ? at.chunk.sources[at.index]! : this.openSources[at.index]!;
  }

  /**
   * Scans every chunk's joined text in one pass and maps match offsets back to lines through the chunk's line starts:
   * no string or object per line, none per match for plain text. A RegExp is scanned with exec; a SearchPattern picks
   * the cheapest equivalent scan (see `searchPattern`).
   */
  search(query: RegExp | SearchPattern, options: number | StoreSearchOptions = {}): StoreSearchResult {
    const o = typeof options === 'number' ? { limitLines: options } : options;
    const q: SearchPattern = query instanceof RegExp ? { re: query } : query;
    const p: SearchPattern = { ...q, re: new RegExp(q.re.source, q.re.flags.includes('g') ? q.re.flags : `${q.re.flags}g`) };
    const sink = new HitSink(o.limitLines ?? Number.POSITIVE_INFINITY, o.sources);
    const from = Math.max(this.dropped, o.from ?? this.dropped);
    let base = this.dropped;
    for (const c of this.sealed) {
      if (base + CHUNK_LINES > from && !scanChunk(p, c.text, c.starts, c.sources, base, Math.max(0, from - base), CHUNK_LINES, sink)) break;
      base += CHUNK_LINES;
    }
    if (!sink.full && this.open.length && base + this.open.length > from) {
      const { text, starts } = join(this.open);
      scanChunk(p, text, starts, this.openSources, base, Math.max(0, from - base), this.open.length, sink);
    }
    return { lines: sink.lines(), count: sink.count };
  }

  /** Rough size in bytes of what the store holds (text as UTF-16 plus the indexes). */
  approximateBytes(): number {
    let bytes = 0;
    for (const c of this.sealed) {
      bytes += c.text.length * 2 + c.starts.byteLength + c.times.byteLength + c.sources.byteLength;
      for (const s of c.styled.values()) bytes += s.length * 2 + 32;
    }
    for (const l of this.open) bytes += l.length * 2 + 40;
    return bytes;
  }

  private seal(): void {
    const { text, starts } = join(this.open);
    this.sealed.push({
      text,
      starts,
      times: Float64Array.from(this.openTimes),
      sources: Uint16Array.from(this.openSources),
      styled: this.openStyled,
    });
    this.open = [];
    this.openTimes = [];
    this.openSources = [];
    this.openStyled = new Map();
  }

  private locate(i: number): { chunk: SealedChunk | undefined; index: number } | undefined {
    if (!Number.isInteger(i) || i < this.dropped || i >= this.end) return undefined;
    const rel = i - this.dropped;
    const c = Math.floor(rel / CHUNK_LINES);
    if (c < this.sealed.length) return { chunk: this.sealed[c]!, index: rel % CHUNK_LINES };
    return { chunk: undefined, index: rel - this.sealed.length * CHUNK_LINES };
  }
}

function join(lines: readonly string[]): { text: string; starts: Uint32Array } {
  const starts = new Uint32Array(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i]!.length + 1;
  }
  starts[lines.length] = at;
  return { text: lines.join('\n'), starts };
}

/** Collects matching lines (ascending, each once) and counts matches. */
class HitSink {
  count = 0;
  full = false;
  private buf = new Uint32Array(64);
  private n = 0;
  private last = -1;

  constructor(
    private readonly limit: number,
    /** Store source ids whose lines count (1 at each id); undefined: all. */
    readonly sources: Uint8Array | undefined,
  ) {}

  /** A match on absolute line `line`; false once the line limit is reached. */
  hit(line: number): boolean {
    this.count++;
    if (line === this.last) return true;
    this.last = line;
    if (this.n === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = line;
    if (this.n >= this.limit) this.full = true;
    return !this.full;
  }

  lines(): Uint32Array {
    return this.buf.slice(0, this.n);
  }
}

/** Scans one chunk's text from line `fromLine`; false when the sink is full. */
function scanChunk(p: SearchPattern, text: string, starts: ArrayLike<number>, sources: ArrayLike<number>, base: number, fromLine: number, n: number, sink: HitSink): boolean {
  let li = fromLine;
  // Matches come in order: the next line is the usual answer, else a binary search over the rest of the chunk.
  const lineAt = (offset: number): number => {
    if (offset >= starts[li + 1]!) {
      li++;
      if (offset >= starts[li + 1]!) li = li + 1 + lineOf(starts, n - li - 1, offset, li + 1);
    }
    return li;
  };
  const mask = sink.sources;
  const at0 = starts[fromLine]!;
  const r = p.re;
  if (p.literal !== undefined) {
    const needle = p.literal;
    if (!needle.length) return true;
    for (let at = text.indexOf(needle, at0); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      const l = lineAt(at);
      if ((!mask || mask[sources[l]!] === 1) && !sink.hit(base + l)) return false;
    }
  } else if (p.matchLength) {
    const len = p.matchLength;
    r.lastIndex = at0;
    while (r.test(text)) {
      const l = lineAt(r.lastIndex - len);
      if ((!mask || mask[sources[l]!] === 1) && !sink.hit(base + l)) return false;
    }
  } else {
    r.lastIndex = at0;
    let m: RegExpExecArray | null;
    while ((m = r.exec(text)) !== null) {
      if (m[0].length === 0) {
        r.lastIndex++;
        continue;
      }
      const l = lineAt(m.index);
      if ((!mask || mask[sources[l]!] === 1) && !sink.hit(base + l)) return false;
    }
  }
  return true;
}

/** The line whose [start, next start) holds `offset` (binary search). */
function lineOf(starts: ArrayLike<number>, n: number, offset: number, from = 0): number {
  let lo = from;
  let hi = from + n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo - from;
}
