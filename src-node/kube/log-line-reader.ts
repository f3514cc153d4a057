// Cuts a pod log stream read with `timestamps=true` into lines, their timestamp keys and epoch ms, in parallel arrays.
// The hot path of following a log: no regex, no Date and no object per line (a second's epoch is parsed once), and a
// line inside a chunk is sliced once. Same results as LineSplitter + splitTimestamp + keyToEpochMs (src-shared/logs),
// which stay the reference for every case this fast path does not take (offsets, cut lines).
import { StringDecoder } from 'node:string_decoder';
import { keyToEpochMs, splitTimestamp } from '../../src-shared/logs/timestamp';

/** Lines read from one chunk (or the end of the stream): text, timestamp key (see `timestampKey`), epoch ms or null. */
export interface LogLineBatch {
  readonly texts: string[];
  readonly keys: (string | undefined)[];
  readonly times: (number | null)[];
}

const CR = 13;
const SPACE = 32;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const Z = 90;
/** `YYYY-MM-DDTHH:MM:SS`: `d` is a digit, any other character must be there as it is. */
const SECOND_FORM = 'dddd-dd-ddTdd:dd:dd';
const D = 100;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Splits a byte or text stream into timestamped lines, holding at most `maxLineChars` of an unfinished line. */
export class LogLineReader {
  // Node's decoder, not TextDecoder: the same U+FFFD replacements, but ASCII comes out as one-byte strings, several
  // times faster to decode and to cut (measured with `npm run bench -- logs`, replay figures).
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private cut = 0;
  private second = '';
  private secondMs = Number.NaN;
  /** The last timestamp read (as sent, without the Z), its key and epoch ms. */
  private stamp = '';
  private stampKey = '';
  private stampMs: number | null = null;

  constructor(private readonly maxLineChars = 64 * 1024) {}

  /** Reads a chunk and returns the lines it completed (invalid UTF-8 becomes U+FFFD, split characters are joined). */
  push(chunk: Uint8Array | string): LogLineBatch {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: LogLineBatch = { texts: [], keys: [], times: [] };
    let start = 0;
    let nl = text.indexOf('\n', start);
    if (nl !== -1 && (this.pending || this.cut)) {
      this.take(text.slice(0, nl));
      this.parseHeld(out);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    for (; nl !== -1; start = nl + 1, nl = text.indexOf('\n', start)) {
      if (nl - start <= this.maxLineChars) this.parse(text, start, nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl, out);
      else {
        this.take(text.slice(start, nl));
        this.parseHeld(out);
      }
    }
    if (start < text.length) this.take(start === 0 ? text : text.slice(start));
    return out;
  }

  /** The end of the stream: the rest of a split character (as U+FFFD) and the unfinished last line, if any. */
  end(): LogLineBatch {
    const out = this.push(this.decoder.end());
    if (this.pending || this.cut) this.parseHeld(out);
    return out;
  }

  private take(part: string): void {
    const room = this.maxLineChars - this.pending.length;
    if (part.length <= room) this.pending += part;
    else {
      if (room > 0) this.pending += part.slice(0, room);
      this.cut += part.length - Math.max(room, 0);
    }
  }

  /** Parses the held line: its CR dropped and, when it was cut, a note saying how much (as LineSplitter writes it). */
  private parseHeld(out: LogLineBatch): void {
    const kept = this.pending.charCodeAt(this.pending.length - 1) === CR ? this.pending.slice(0, -1) : this.pending;
    const line = this.cut ? `${kept} … [${this.cut} more characters not shown]` : kept;
    this.pending = '';
    this.cut = 0;
    this.parse(line, 0, line.length, out);
  }

  /** Reads the timestamp `s[start, zAt)` (`YYYY-MM-DDTHH:MM:SS[.f{1,9}]`): its key has 9 fraction digits, no Z. */
  private readStamp(s: string, start: number, zAt: number): void {
    const digits = zAt === start + 19 ? 0 : zAt - start - 20;
    const stamp = s.slice(start, zAt);
    this.stamp = stamp;
    this.stampKey = digits === 9 ? stamp : `${stamp.slice(0, 19)}.${stamp.slice(20)}${'000000000'.slice(digits)}`;
    if (this.second.length !== 19 || !stamp.startsWith(this.second)) {
      this.second = stamp.slice(0, 19);
      this.secondMs = Date.parse(`${this.second}Z`);
    }
    this.stampMs = Number.isNaN(this.secondMs) ? null : this.secondMs + millis(stamp, 20, digits);
  }

  /** Parses the line `s[start, end)` (without its newline and CR) into `out`. */
  private parse(s: string, start: number, end: number, out: LogLineBatch): void {
    const fracEnd = zuluTimestampEnd(s, start, end);
    // Hour 24 is left to Date.parse's rules (24:00:00 is the next day only without a fraction).
    if (fracEnd > 0 && !(s.charCodeAt(start + 11) === 50 && s.charCodeAt(start + 12) === 52)) {
      // Lines written together often carry the very same timestamp: reuse its key (one string, compared by identity).
      if (fracEnd - start !== this.stamp.length || !s.startsWith(this.stamp, start)) this.readStamp(s, start, fracEnd);
      out.texts.push(s.slice(fracEnd + 2, end));
      out.keys.push(this.stampKey);
      out.times.push(this.stampMs);
      return;
    }
    // Not the apiserver's usual form (an offset, or no timestamp): the reference parser decides.
    const l = splitTimestamp(start === 0 && end === s.length ? s : s.slice(start, end));
    out.texts.push(l.text);
    out.keys.push(l.key);
    const ms = l.key ? keyToEpochMs(l.key) : Number.NaN;
    out.times.push(Number.isNaN(ms) ? null : ms);
  }
}

/** Milliseconds of the first three fraction digits (missing digits are zeros). */
function millis(s: string, from: number, digits: number): number {
  let ms = 0;
  for (let i = 0; i < 3; i++) ms = ms * 10 + (i < digits ? s.charCodeAt(from + i) - ZERO : 0);
  return ms;
}

/** Where the `Z` of a `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z ` prefix is (its index), or -1. */
function zuluTimestampEnd(s: string, start: number, end: number): number {
  if (end - start < 21) return -1;
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(start + i);
    const want = SECOND_FORM.charCodeAt(i);
    if (want === D ? !isDigit(c) : c !== want) return -1;
  }
  let i = start + 19;
  if (s.charCodeAt(i) === DOT) {
    const from = ++i;
    while (i < end && i - from < 10 && isDigit(s.charCodeAt(i))) i++;
    if (i === from || i - from > 9) return -1;
  }
  return i + 1 < end && s.charCodeAt(i) === Z && s.charCodeAt(i + 1) === SPACE ? i : -1;
}
