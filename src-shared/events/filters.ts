// Ordered `!` negation over a compiled pattern list.
import type { PatternFilter } from './types';

/** The outcome of a pattern list for one name, with the pattern that decided. */
export interface FilterVerdict {
  readonly included: boolean;
  /** The last pattern that changed the verdict; undefined when none matched. */
  readonly decidedBy?: string;
}

/** Evaluates a pattern list in order: a match includes, a `!` match excludes, later patterns win. */
export function evaluateFilter(_filter: PatternFilter, _name: string): FilterVerdict {
  throw new Error('not implemented');
}
