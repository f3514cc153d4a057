// GitHub Actions filter glob → linear-time matcher (compiled once; no regex backtracking).

/** A compiled glob: `test` matches the whole name. */
export interface Glob {
  readonly source: string;
  readonly test: (name: string) => boolean;
}

/** A pattern that cannot be compiled; offsets are 0-based into the pattern. */
export class GlobSyntaxError extends Error {
  override readonly name = 'GlobSyntaxError';
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Compiles a GitHub filter pattern (without a leading `!`); throws GlobSyntaxError. */
export function compileGlob(_pattern: string): Glob {
  throw new Error('not implemented');
}
