// Log search: a query (text or regular expression) compiled once, match ranges within one line.

/** What the user typed in the search box. */
export interface LogQuery {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

export const MAX_QUERY_CHARS = 1000;

/**
 * How a store scans for a query: plain text case-sensitive with indexOf, plain text otherwise with RegExp#test (its
 * matches are as long as the text, so no match object is needed per hit), a regular expression with exec.
 */
export interface SearchPattern {
  /** The query as a global, multiline RegExp. */
  readonly re: RegExp;
  /** Plain text to find with indexOf (case-sensitive queries). */
  readonly literal?: string;
  /** Length of every match of `re` (plain-text queries). */
  readonly matchLength?: number;
}

/** A compiled query, or why it cannot be used. */
export type CompiledQuery = { readonly ok: true; readonly re: RegExp; readonly pattern: SearchPattern } | { readonly ok: false; readonly error: string };

/** Lines that look like failures (what "jump to first error" looks for). */
export const ERROR_LINE = /\b(?:error|fatal|failed|failure|exception|panic|traceback)\b/i;

/** Compiles a query into a global, multiline RegExp (`^`/`$` work per line). */
export function compileQuery(q: LogQuery): CompiledQuery {
  if (!q.text) return { ok: false, error: 'Type something to search for.' };
  if (q.text.length > MAX_QUERY_CHARS) return { ok: false, error: `A search is at most ${MAX_QUERY_CHARS} characters.` };
  const source = q.regex ? q.text : q.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let re: RegExp;
  try {
    re = new RegExp(source, q.caseSensitive ? 'gm' : 'gim');
  } catch (err) {
    return { ok: false, error: `Not a valid regular expression: ${(err as Error).message}` };
  }
  return { ok: true, re, pattern: searchPattern(q, re) };
}

/** The fastest equivalent scan for a compiled query (see SearchPattern). */
export function searchPattern(q: LogQuery, re: RegExp): SearchPattern {
  if (q.regex) return { re };
  return q.caseSensitive ? { re, literal: q.text, matchLength: q.text.length } : { re, matchLength: q.text.length };
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
