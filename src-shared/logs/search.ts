// Log search: a query (text or regular expression) compiled once, match ranges within one line.

/** What the user typed in the search box. */
export interface LogQuery {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

export const MAX_QUERY_CHARS = 1000;

/** A compiled query, or why it cannot be used. */
export type CompiledQuery = { readonly ok: true; readonly re: RegExp } | { readonly ok: false; readonly error: string };

/** Lines that look like failures (what "jump to first error" looks for). */
export const ERROR_LINE = /\b(?:error|fatal|failed|failure|exception|panic|traceback)\b/i;

/** Compiles a query into a global, multiline RegExp (`^`/`$` work per line). */
export function compileQuery(q: LogQuery): CompiledQuery {
  if (!q.text) return { ok: false, error: 'Type something to search for.' };
  if (q.text.length > MAX_QUERY_CHARS) return { ok: false, error: `A search is at most ${MAX_QUERY_CHARS} characters.` };
  const source = q.regex ? q.text : q.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return { ok: true, re: new RegExp(source, q.caseSensitive ? 'gm' : 'gim') };
  } catch (err) {
    return { ok: false, error: `Not a valid regular expression: ${(err as Error).message}` };
  }
}

/** [start, end) ranges of every match of `re` in one line (empty matches skipped). */
export function matchRanges(line: string, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let m: RegExpExecArray | null;
  while ((m = r.exec(line)) !== null) {
    if (m[0].length === 0) {
      r.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
