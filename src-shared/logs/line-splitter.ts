// Cuts a text stream into lines, holding at most `maxLineChars` of an unfinished line (a 10 MB line cannot fill memory).

/** Options of a splitter. */
export interface LineSplitterOptions {
  /** Longest line kept; the rest of a longer line is counted and dropped. */
  readonly maxLineChars: number;
}

/** Splits chunks into complete lines; `flush` returns the unfinished tail at the end of a stream. */
export class LineSplitter {
  private pending = '';
  private cut = 0;

  constructor(private readonly options: LineSplitterOptions = { maxLineChars: 64 * 1024 }) {}

  /** Appends a chunk and returns the lines it completed (without their newlines). */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf('\n', start)) !== -1) {
      this.take(chunk.slice(start, nl));
      lines.push(this.finish());
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.slice(start));
    return lines;
  }

  /** The unfinished last line, if any (the stream ended without a newline). */
  flush(): string | undefined {
    if (!this.pending && !this.cut) return undefined;
    return this.finish();
  }

  private take(part: string): void {
    const room = this.options.maxLineChars - this.pending.length;
    if (part.length <= room) this.pending += part;
    else {
      if (room > 0) this.pending += part.slice(0, room);
      this.cut += part.length - Math.max(room, 0);
    }
  }

  private finish(): string {
    const line = this.cut ? `${stripCr(this.pending)} … [${this.cut} more characters not shown]` : stripCr(this.pending);
    this.pending = '';
    this.cut = 0;
    return line;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
