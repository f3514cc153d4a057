// The lines one view of a log shows, as rows 0…size-1 over the store's absolute line numbers: every line, or the
// lines of one task (an index kept as lines arrive), so search, jumps, follow, copy and download work the same in both.
import type { LogLineStore } from '../../../../src-shared/logs/line-store';
import type { LineIndex } from './line-index';

/** Rows of a view mapped to store lines. */
export interface LogLines {
  /** '' for every line, else the task's name. */
  readonly key: string;
  /** Rows in the view. */
  readonly size: number;
  /** Store source ids shown (1 at each id); undefined when every source is. */
  readonly sources: Uint8Array | undefined;
  /** The store line of a row. */
  line(row: number): number;
  /** The row of a store line, or -1 when this view does not show it. */
  row(line: number): number;
}

/** Every line the store holds. */
export function allLines(store: LogLineStore): LogLines {
  const first = store.first;
  const size = store.size;
  return {
    key: '',
    size,
    sources: undefined,
    line: (row) => first + row,
    row: (line) => (line >= first && line < first + size ? line - first : -1),
  };
}

/** The lines of one task. */
export function taskLines(store: LogLineStore, index: LineIndex, sources: Uint8Array, task: string): LogLines {
  index.dropBelow(store.first);
  return {
    key: task,
    size: index.size,
    sources,
    line: (row) => index.at(row),
    row: (line) => index.indexOf(line),
  };
}

/** Store lines of rows `from`…`to` (inclusive), as plain text. */
export function linesText(store: LogLineStore, lines: LogLines, from: number, to: number): string[] {
  const out: string[] = [];
  for (let r = Math.max(0, from); r <= Math.min(to, lines.size - 1); r++) out.push(store.line(lines.line(r)));
  return out;
}
