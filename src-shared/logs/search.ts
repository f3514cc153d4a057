// Log search: a query (text or regular expression) compiled once, match ranges within one line.

/** What the user typed in the search box. */
export interface LogQuery {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

export const MAX_QUERY_CHARS = 1000;

/**
 * How a store scans for a query. Case-insensitive queries run over a lower-cased copy of the text (built once per
 * chunk) without the `i` flag, which V8 matches about twice as fast; plain text is found with indexOf (no match object
 * per hit). `re` is always the query on the original text (highlights, and chunks whose lower-cased copy differs in
 * length, e.g. 'İ').
 */
export interface SearchPattern {
  /** The query as a global, multiline RegExp over the original text. */
  readonly re: RegExp;
  /** Scan the lower-cased copy of the text instead of the original. */
  readonly fold: boolean;
  /** Plain text to find with indexOf (lower-cased when `fold`). */
  readonly literal?: string;
  /** The RegExp to run over the lower-cased copy (no `i` flag), when `fold` and not `literal`. */
  readonly foldedRe?: RegExp;
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

// Upper-case letters (also \D, \S, \W, \B) and escapes naming a character by code (\x41 is 'A') keep the `i` scan.
const CASE_BOUND = /[A-Z]|\\[xuc]/;

/** The fastest equivalent scan for a compiled query (see SearchPattern). */
export function searchPattern(q: LogQuery, re: RegExp): SearchPattern {
  if (!q.regex) return q.caseSensitive ? { re, fold: false, literal: q.text } : { re, fold: true, literal: q.text.toLowerCase() };
  if (q.caseSensitive || CASE_BOUND.test(q.text)) return { re, fold: false };
  return { re, fold: true, foldedRe: new RegExp(q.text, 'gm') };
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
