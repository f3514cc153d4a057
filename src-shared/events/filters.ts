// Ordered `!` negation over a compiled pattern list (docs: "Patterns are checked sequentially").
import { compileGlob, GlobSyntaxError } from './glob';
import type { CompiledPattern, FilterKey, PatternFilter } from './types';

/** The outcome of a pattern list for one name, with the pattern that decided. */
export interface FilterVerdict {
  /** True when the last matching pattern is positive (for `*-ignore` lists: the name is ignored). */
  readonly included: boolean;
  /** The last matching pattern as written; undefined when none matched. */
  readonly decidedBy?: string;
}

/** Index of the pattern that decides `name` (the last one matching), or -1; allocation-free for hot loops. */
export function decidingPattern(filter: PatternFilter, name: string): number {
  // The last matching pattern wins, so scanning from the end can stop at the first hit.
  const patterns = filter.patterns;
  for (let i = patterns.length - 1; i >= 0; i--) {
    if (patterns[i]!.test(name)) return i;
  }
  return -1;
}

/** Evaluates a pattern list in order: a match includes, a `!` match excludes, later patterns win. */
export function evaluateFilter(filter: PatternFilter, name: string): FilterVerdict {
  const i = decidingPattern(filter, name);
  if (i < 0) return { included: false };
  const p = filter.patterns[i]!;
  return { included: !p.negated, decidedBy: p.source };
}

/** A pattern that failed to compile, with offsets into the pattern as written (including `!`). */
export interface PatternProblem {
  readonly index: number;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Compiles a list of patterns as written; `!` is special only as the first character. */
export function compilePatterns(
  key: FilterKey,
  sources: readonly string[],
): { filter: PatternFilter | undefined; problems: PatternProblem[] } {
  const problems: PatternProblem[] = [];
  const patterns: CompiledPattern[] = [];
  sources.forEach((source, index) => {
    const negated = source.startsWith('!');
    const body = negated ? source.slice(1) : source;
    const offset = negated ? 1 : 0;
    if (body === '') {
      problems.push({
        index,
        message: negated ? 'a `!` pattern needs a pattern after the `!`' : 'a pattern cannot be empty',
        start: 0,
        end: source.length,
      });
      return;
    }
    try {
      const glob = compileGlob(body);
      patterns.push({ source, negated, test: glob.test });
    } catch (err) {
      if (!(err instanceof GlobSyntaxError)) throw err;
      problems.push({ index, message: err.message, start: err.start + offset, end: err.end + offset });
    }
  });
  if (problems.length > 0) return { filter: undefined, problems };
  return { filter: { key, isIgnore: key.endsWith('-ignore'), patterns }, problems };
}
