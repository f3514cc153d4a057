// A compact store of log lines: lines live in chunks of one joined string plus an offsets index (not an object per
// line), so a million lines cost about their text. Capped: the oldest chunks go first.
import { hasAnsi, stripAnsi } from './ansi';

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

  /** Runs a global, multiline RegExp over every chunk's text at once and maps matches back to lines. */
  search(re: RegExp, limitLines = Number.POSITIVE_INFINITY): StoreSearchResult {
    const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    const hits: number[] = [];
    let count = 0;
    const scan = (text: string, starts: ArrayLike<number>, base: number, n: number): boolean => {
      r.lastIndex = 0;
      let lastLine = -1;
      let m: RegExpExecArray | null;
      while ((m = r.exec(text)) !== null) {
        if (m[0].length === 0) {
          r.lastIndex++;
          continue;
        }
        count++;
        const li = lineOf(starts, n, m.index);
        if (li !== lastLine) {
          lastLine = li;
          hits.push(base + li);
          if (hits.length >= limitLines) return false;
        }
      }
      return true;
    };
    let base = this.dropped;
    for (const c of this.sealed) {
      if (!scan(c.text, c.starts, base, CHUNK_LINES)) break;
      base += CHUNK_LINES;
    }
    if (hits.length < limitLines && this.open.length) {
      const { text, starts } = join(this.open);
      scan(text, starts, base, this.open.length);
    }
    return { lines: Uint32Array.from(hits), count };
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

/** The line whose [start, next start) holds `offset` (binary search). */
function lineOf(starts: ArrayLike<number>, n: number, offset: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
