// GitHub Actions filter glob → linear-time matcher (compiled once; no regex backtracking).
//
// Syntax (docs: workflow-syntax "Filter pattern cheat sheet"): `*` any run without `/`, `**` any run,
// `?`/`+` zero-or-one / one-or-more of the preceding character or class, `[...]` one character from a
// list or `a-z`/`A-Z`/`0-9` range, `\` escapes the next character. The pattern must match the whole name.
// Matching is a lazily built DFA over a Thompson NFA: each input character costs one table lookup once
// the state is cached, and at most O(pattern) to build it, so time is O(pattern × input) in the worst case.

/** A compiled glob: `test` matches the whole name. */
export interface Glob {
  readonly source: string;
  readonly test: (name: string) => boolean;
}

/** A pattern that cannot be compiled; offsets are 0-based UTF-16 indexes into the pattern. */
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

/** One parsed pattern element. `ranges` holds inclusive code point pairs. */
export type GlobAtom =
  | { readonly kind: 'chars'; readonly ranges: readonly number[]; readonly quant: '' | '?' | '+' }
  | { readonly kind: 'star' }
  | { readonly kind: 'globstar' }
  /** `**` + `/` at the start or after `/`: zero or more whole directories (`docs/**\/*.md` matches `docs/a.md`). */
  | { readonly kind: 'dirs' };

const SLASH = 0x2f;

/** Parses a pattern (without a leading `!`) into atoms; throws GlobSyntaxError. */
export function parseGlob(pattern: string): GlobAtom[] {
  const atoms: GlobAtom[] = [];
  let i = 0;
  // Whether the previous atom can take `?`/`+` (a character or class, not a wildcard or quantifier).
  let canQuantify = false;
  while (i < pattern.length) {
    const ch = pattern.charCodeAt(i);
    if (ch === 0x2a /* * */) {
      if (pattern.charCodeAt(i + 1) === 0x2a) {
        const atDirStart = atoms.length === 0 || isSlashAtom(atoms[atoms.length - 1]);
        if (atDirStart && pattern.charCodeAt(i + 2) === SLASH) {
          atoms.push({ kind: 'dirs' });
          i += 3;
        } else {
          atoms.push({ kind: 'globstar' });
          i += 2;
        }
      } else {
        atoms.push({ kind: 'star' });
        i += 1;
      }
      canQuantify = false;
    } else if (ch === 0x3f /* ? */ || ch === 0x2b /* + */) {
      const last = atoms[atoms.length - 1];
      if (!canQuantify || last === undefined || last.kind !== 'chars') {
        const what = ch === 0x3f ? '`?` (zero or one of the preceding character)' : '`+` (one or more of the preceding character)';
        throw new GlobSyntaxError(
          `${what} must follow a character or a [...] class; write \`\\${String.fromCharCode(ch)}\` to match it literally`,
          i,
          i + 1,
        );
      }
      atoms[atoms.length - 1] = { kind: 'chars', ranges: last.ranges, quant: ch === 0x3f ? '?' : '+' };
      canQuantify = false;
      i += 1;
    } else if (ch === 0x5b /* [ */) {
      const { ranges, end } = parseClass(pattern, i);
      atoms.push({ kind: 'chars', ranges, quant: '' });
      canQuantify = true;
      i = end;
    } else if (ch === 0x5c /* \ */) {
      if (i + 1 >= pattern.length) {
        throw new GlobSyntaxError('dangling escape: `\\` at the end of the pattern escapes nothing; write `\\\\` for a backslash', i, i + 1);
      }
      const cp = pattern.codePointAt(i + 1) ?? 0;
      atoms.push({ kind: 'chars', ranges: [cp, cp], quant: '' });
      canQuantify = true;
      i += 1 + (cp > 0xffff ? 2 : 1);
    } else {
      const cp = pattern.codePointAt(i) ?? 0;
      atoms.push({ kind: 'chars', ranges: [cp, cp], quant: '' });
      canQuantify = true;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return atoms;
}

function isSlashAtom(atom: GlobAtom | undefined): boolean {
  return atom !== undefined && atom.kind === 'chars' && atom.quant === '' && atom.ranges.length === 2 && atom.ranges[0] === SLASH && atom.ranges[1] === SLASH;
}

// Ranges may only span one of a-z, A-Z, 0-9 (docs: "Ranges can only include a-z, A-Z, and 0-9").
function rangeFamily(cp: number): number {
  if (cp >= 0x61 && cp <= 0x7a) return 1;
  if (cp >= 0x41 && cp <= 0x5a) return 2;
  if (cp >= 0x30 && cp <= 0x39) return 3;
  return 0;
}

function parseClass(pattern: string, open: number): { ranges: number[]; end: number } {
  const ranges: number[] = [];
  let i = open + 1;
  const readChar = (): { cp: number; start: number } => {
    const start = i;
    if (pattern.charCodeAt(i) === 0x5c) {
      if (i + 1 >= pattern.length) throw new GlobSyntaxError('dangling escape inside `[...]`', i, i + 1);
      i += 1;
    }
    const cp = pattern.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    return { cp, start };
  };
  if (pattern.charCodeAt(i) === 0x5d /* ] */) {
    throw new GlobSyntaxError('empty `[]`: list at least one character or range, e.g. `[0-9]`', open, i + 1);
  }
  while (i < pattern.length && pattern.charCodeAt(i) !== 0x5d) {
    const lo = readChar();
    if (pattern.charCodeAt(i) === 0x2d /* - */ && i + 1 < pattern.length && pattern.charCodeAt(i + 1) !== 0x5d) {
      i += 1;
      const hi = readChar();
      const fam = rangeFamily(lo.cp);
      if (fam === 0 || fam !== rangeFamily(hi.cp) || lo.cp > hi.cp) {
        throw new GlobSyntaxError(
          `bad range \`${pattern.slice(lo.start, i)}\`: a range must go upwards within a-z, A-Z or 0-9`,
          lo.start,
          i,
        );
      }
      ranges.push(lo.cp, hi.cp);
    } else if (pattern.charCodeAt(i) === 0x2d && pattern.charCodeAt(i + 1) === 0x5d) {
      throw new GlobSyntaxError(
        `bad range \`${pattern.slice(lo.start, i + 1)}\`: the range has no end; write \`\\-\` for a literal \`-\``,
        lo.start,
        i + 1,
      );
    } else {
      ranges.push(lo.cp, lo.cp);
    }
  }
  if (i >= pattern.length) {
    throw new GlobSyntaxError('unclosed `[`: add `]`, or write `\\[` to match a literal `[`', open, pattern.length);
  }
  return { ranges, end: i + 1 };
}

// NFA node kinds. Consuming nodes have one successor in `out1`; SPLIT has two.
const MATCH = 0;
const CHARS = 1;
const NOT_SLASH = 2;
const ANY = 3;
const SPLIT = 4;

interface Nfa {
  readonly kind: Int8Array;
  readonly out1: Int32Array;
  readonly out2: Int32Array;
  readonly ranges: (readonly number[] | undefined)[];
  readonly start: number;
}

function buildNfa(atoms: readonly GlobAtom[]): Nfa {
  const kind: number[] = [];
  const out1: number[] = [];
  const out2: number[] = [];
  const ranges: (readonly number[] | undefined)[] = [];
  const add = (k: number, a: number, b: number, r?: readonly number[]): number => {
    kind.push(k);
    out1.push(a);
    out2.push(b);
    ranges.push(r);
    return kind.length - 1;
  };
  // Built back to front so every node's successors already exist.
  let next = add(MATCH, -1, -1);
  for (let k = atoms.length - 1; k >= 0; k--) {
    const atom = atoms[k]!;
    switch (atom.kind) {
      case 'chars': {
        if (atom.quant === '') {
          next = add(CHARS, next, -1, atom.ranges);
        } else if (atom.quant === '?') {
          const c = add(CHARS, next, -1, atom.ranges);
          next = add(SPLIT, c, next);
        } else {
          const loop = add(SPLIT, -1, next);
          const c = add(CHARS, loop, -1, atom.ranges);
          out1[loop] = c;
          next = c;
        }
        break;
      }
      case 'star':
      case 'globstar': {
        const loop = add(SPLIT, -1, next);
        out1[loop] = add(atom.kind === 'star' ? NOT_SLASH : ANY, loop, -1);
        next = loop;
        break;
      }
      case 'dirs': {
        // (.*/)? : either skip, or any run then a slash.
        const slash = add(CHARS, next, -1, [SLASH, SLASH]);
        const loop = add(SPLIT, -1, slash);
        out1[loop] = add(ANY, loop, -1);
        next = add(SPLIT, loop, next);
        break;
      }
    }
  }
  return {
    kind: Int8Array.from(kind),
    out1: Int32Array.from(out1),
    out2: Int32Array.from(out2),
    ranges,
    start: next,
  };
}

function inRanges(r: readonly number[], cp: number): boolean {
  for (let i = 0; i < r.length; i += 2) if (cp >= r[i]! && cp <= r[i + 1]!) return true;
  return false;
}

// Lazily built DFA. States are epsilon-closed sets of consuming NFA nodes (+ MATCH).
// The cache is bounded: when it grows past MAX_DFA_STATES it is dropped and rebuilt on demand,
// which keeps memory bounded while each character still costs at most O(NFA size).
const MAX_DFA_STATES = 4096;
const DEAD = -2;
const UNKNOWN = -1;
const ASCII = 128;

class LazyDfa {
  private sets: Int32Array[] = [];
  private accepting: boolean[] = [];
  private index = new Map<string, number>();
  private table = new Int32Array(0);
  private wide: (Map<number, number> | undefined)[] = [];
  private startState = -1;
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: number[] = [];

  constructor(private readonly nfa: Nfa) {
    this.mark = new Int32Array(nfa.kind.length);
  }

  test(name: string): boolean {
    if (this.startState < 0) this.startState = this.intern(this.closure([this.nfa.start]));
    let s = this.startState;
    for (let i = 0; i < name.length; i++) {
      let cp = name.charCodeAt(i);
      let next: number;
      if (cp < ASCII) {
        next = this.table[s * ASCII + cp]!;
      } else {
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < name.length) {
          const lo = name.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
            i++;
          }
        }
        next = this.wide[s]?.get(cp) ?? UNKNOWN;
      }
      // `step` may reset the cache; the index it returns is valid in the new one.
      if (next === UNKNOWN) next = this.step(s, cp);
      if (next === DEAD) return false;
      s = next;
    }
    return this.accepting[s]!;
  }

  private closure(seeds: readonly number[]): number[] {
    const { kind, out1, out2 } = this.nfa;
    const gen = ++this.generation;
    const result: number[] = [];
    const stack = this.stack;
    stack.length = 0;
    for (const seed of seeds) stack.push(seed);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (this.mark[n] === gen) continue;
      this.mark[n] = gen;
      if (kind[n] === SPLIT) {
        // Push out2 first so out1 is explored first; order does not affect the set.
        stack.push(out2[n]!, out1[n]!);
      } else {
        result.push(n);
      }
    }
    result.sort((a, b) => a - b);
    return result;
  }

  private intern(set: number[]): number {
    if (set.length === 0) return DEAD;
    const key = set.join(',');
    const known = this.index.get(key);
    if (known !== undefined) return known;
    if (this.sets.length >= MAX_DFA_STATES) this.reset();
    const id = this.sets.length;
    this.sets.push(Int32Array.from(set));
    this.accepting.push(set.some((n) => this.nfa.kind[n] === MATCH));
    this.wide.push(undefined);
    this.index.set(key, id);
    if (this.table.length < (id + 1) * ASCII) {
      const grown = new Int32Array(Math.max((id + 1) * ASCII, this.table.length * 2)).fill(UNKNOWN);
      grown.set(this.table);
      this.table = grown;
    }
    return id;
  }

  private reset(): void {
    this.sets = [];
    this.accepting = [];
    this.index = new Map();
    this.table = new Int32Array(0);
    this.wide = [];
    this.startState = -1;
  }

  private step(s: number, cp: number): number {
    const { kind, out1, ranges } = this.nfa;
    const from = this.sets[s]!;
    const seeds: number[] = [];
    for (let k = 0; k < from.length; k++) {
      const n = from[k]!;
      const kd = kind[n];
      if (kd === ANY || (kd === NOT_SLASH && cp !== SLASH) || (kd === CHARS && inRanges(ranges[n]!, cp))) {
        seeds.push(out1[n]!);
      }
    }
    const size = this.sets.length;
    const target = this.intern(this.closure(seeds));
    if (this.sets.length < size) {
      // The cache was reset while interning; do not record the edge from a dropped state.
      return target;
    }
    if (cp < ASCII) {
      this.table[s * ASCII + cp] = target;
    } else {
      let m = this.wide[s];
      if (m === undefined) {
        m = new Map();
        this.wide[s] = m;
      }
      m.set(cp, target);
    }
    return target;
  }
}

/** Compiles a GitHub filter pattern (without a leading `!`); throws GlobSyntaxError. */
export function compileGlob(pattern: string): Glob {
  const atoms = parseGlob(pattern);
  // Fast paths for the common shapes keep the per-event cost to a string comparison.
  const literal = literalPrefix(atoms);
  if (literal.length === atoms.length) {
    const text = codePointsToString(atoms, literal.length);
    return { source: pattern, test: (name) => name === text };
  }
  if (literal.length === atoms.length - 1 && atoms[atoms.length - 1]!.kind === 'globstar') {
    const prefix = codePointsToString(atoms, literal.length);
    return { source: pattern, test: (name) => name.startsWith(prefix) };
  }
  const dfa = new LazyDfa(buildNfa(atoms));
  return { source: pattern, test: (name) => dfa.test(name) };
}

function literalPrefix(atoms: readonly GlobAtom[]): GlobAtom[] {
  const out: GlobAtom[] = [];
  for (const a of atoms) {
    if (a.kind !== 'chars' || a.quant !== '' || a.ranges.length !== 2 || a.ranges[0] !== a.ranges[1]) break;
    out.push(a);
  }
  return out;
}

function codePointsToString(atoms: readonly GlobAtom[], count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) {
    const a = atoms[i]!;
    if (a.kind === 'chars') s += String.fromCodePoint(a.ranges[0]!);
  }
  return s;
}
