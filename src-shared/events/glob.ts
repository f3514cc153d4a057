// GitHub Actions filter glob → linear-time matcher (compiled once; no regex backtracking).
//
// Syntax (docs: workflow-syntax "Filter pattern cheat sheet"): `*` any run without `/`, `**` any run,
// `?`/`+` zero-or-one / one-or-more of the preceding character or class, `[...]` one character from a
// list or `a-z`/`A-Z`/`0-9` range, `\` escapes the next character. The pattern must match the whole name.
// Matching simulates an automaton whose epsilon edges all point forward (see Steps below), cached as a
// lazily built DFA: once warm, one table lookup per character; cold, O(pattern) per character.

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
        // `**/?` or `**/+` quantifies the slash itself, so it is not a directory group.
        const quantified = pattern.charCodeAt(i + 3) === 0x3f || pattern.charCodeAt(i + 3) === 0x2b;
        if (atDirStart && pattern.charCodeAt(i + 2) === SLASH && !quantified) {
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
        const what =
          ch === 0x3f
            ? '`?` (zero or one of the preceding character)'
            : '`+` (one or more of the preceding character)';
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
        throw new GlobSyntaxError(
          'dangling escape: `\\` at the end of the pattern escapes nothing; write `\\\\` for a backslash',
          i,
          i + 1,
        );
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
  return (
    atom !== undefined &&
    atom.kind === 'chars' &&
    atom.quant === '' &&
    atom.ranges.length === 2 &&
    atom.ranges[0] === SLASH &&
    atom.ranges[1] === SLASH
  );
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
    if (
      pattern.charCodeAt(i) === 0x2d /* - */ &&
      i + 1 < pattern.length &&
      pattern.charCodeAt(i + 1) !== 0x5d
    ) {
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
    throw new GlobSyntaxError(
      'unclosed `[`: add `]`, or write `\\[` to match a literal `[`',
      open,
      pattern.length,
    );
  }
  return { ranges, end: i + 1 };
}

// The automaton: boundaries 0..m between "steps". Step k moves from boundary k to k+1 by consuming one
// character of its class; an optional step may also be skipped (epsilon k → k+1), a repeating step may
// consume again while staying at k+1, and a `**/` group adds an epsilon k → k+2 over its two steps.
// Every epsilon edge points forward, so the closure of a state set is one left-to-right pass, and a
// character costs O(m): matching is O(pattern × input) with no backtracking.
const CLASS = 0;
const NOT_SLASH = 1;
const ANY = 2;

interface Steps {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly optional: Uint8Array;
  readonly repeat: Uint8Array;
  /** skipTwo[k] = 1: epsilon from boundary k to k+2 (the optional `**` + `/` group). */
  readonly skipTwo: Uint8Array;
  readonly ranges: (readonly number[] | undefined)[];
  /** The single code point a CLASS step accepts, or -1 (the common case, checked without a loop). */
  readonly lit: Int32Array;
}

function buildSteps(atoms: readonly GlobAtom[]): Steps {
  const kind: number[] = [];
  const optional: number[] = [];
  const repeat: number[] = [];
  const skipTwo: number[] = [];
  const ranges: (readonly number[] | undefined)[] = [];
  const push = (k: number, opt: boolean, rep: boolean, r?: readonly number[]): void => {
    kind.push(k);
    optional.push(opt ? 1 : 0);
    repeat.push(rep ? 1 : 0);
    skipTwo.push(0);
    ranges.push(r);
  };
  for (const atom of atoms) {
    switch (atom.kind) {
      case 'chars':
        push(CLASS, atom.quant === '?', atom.quant === '+', atom.ranges);
        break;
      case 'star':
        push(NOT_SLASH, true, true);
        break;
      case 'globstar':
        push(ANY, true, true);
        break;
      case 'dirs':
        // (.*/)? : an optional any-run, then a slash; skipping the pair as a whole is the epsilon k → k+2.
        push(ANY, true, true);
        skipTwo[skipTwo.length - 1] = 1;
        push(CLASS, false, false, [SLASH, SLASH]);
        break;
    }
  }
  return {
    count: kind.length,
    kind: Uint8Array.from(kind),
    optional: Uint8Array.from(optional),
    repeat: Uint8Array.from(repeat),
    skipTwo: Uint8Array.from(skipTwo),
    ranges,
    lit: Int32Array.from(ranges, (r) => (r !== undefined && r.length === 2 && r[0] === r[1] ? r[0]! : -1)),
  };
}

function inRanges(r: readonly number[], cp: number): boolean {
  for (let i = 0; i < r.length; i += 2) if (cp >= r[i]! && cp <= r[i + 1]!) return true;
  return false;
}

function stepAccepts(steps: Steps, k: number, cp: number): boolean {
  const lit = steps.lit[k]!;
  if (lit >= 0) return lit === cp;
  const kd = steps.kind[k];
  return kd === ANY || (kd === NOT_SLASH ? cp !== SLASH : inRanges(steps.ranges[k]!, cp));
}

/** Boundary-set simulation; `cur`/`next` are 0/1 flags of length count + 1. */
class Simulator {
  private cur: Uint8Array;
  private next: Uint8Array;

  constructor(private readonly steps: Steps) {
    this.cur = new Uint8Array(steps.count + 2);
    this.next = new Uint8Array(steps.count + 2);
  }

  /** Closes `set` over epsilon edges from `from` upwards; returns the highest set boundary. */
  close(set: Uint8Array, from: number, hi: number): number {
    const { count, optional, skipTwo } = this.steps;
    let top = hi;
    for (let k = from; k < count && k <= top; k++) {
      if (set[k] === 0) continue;
      if (optional[k] === 1) {
        set[k + 1] = 1;
        if (k + 1 > top) top = k + 1;
      }
      if (skipTwo[k] === 1) {
        set[k + 2] = 1;
        if (k + 2 > top) top = k + 2;
      }
    }
    return top;
  }

  /** Advances a flag set over one character; returns [lo, hi] of the result, or lo > hi when empty. */
  advance(cur: Uint8Array, lo: number, hi: number, cp: number, next: Uint8Array): [number, number] {
    const { count, repeat } = this.steps;
    let newLo = count + 1;
    let newHi = -1;
    for (let k = lo; k <= hi; k++) {
      if (cur[k] === 0) continue;
      if (k < count && stepAccepts(this.steps, k, cp)) {
        next[k + 1] = 1;
        if (k + 1 < newLo) newLo = k + 1;
        if (k + 1 > newHi) newHi = k + 1;
      }
      if (k > 0 && repeat[k - 1] === 1 && stepAccepts(this.steps, k - 1, cp)) {
        next[k] = 1;
        if (k < newLo) newLo = k;
        if (k > newHi) newHi = k;
      }
    }
    if (newHi >= 0) newHi = this.close(next, newLo, newHi);
    return [newLo, newHi];
  }

  /** Direct simulation, used for patterns too large for DFA caching. */
  test(name: string): boolean {
    let cur = this.cur;
    let next = this.next;
    cur.fill(0);
    cur[0] = 1;
    let lo = 0;
    let hi = this.close(cur, 0, 0);
    for (let i = 0; i < name.length; i++) {
      let cp = name.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < name.length) {
        const low = name.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      next.fill(0, lo, Math.min(hi + 3, next.length));
      [lo, hi] = this.advance(cur, lo, hi, cp, next);
      cur.fill(0, 0, cur.length);
      const t = cur;
      cur = next;
      next = t;
      if (hi < lo) {
        this.cur = cur;
        this.next = next;
        return false;
      }
    }
    this.cur = cur;
    this.next = next;
    return cur[this.steps.count] === 1;
  }
}

// Lazily built DFA over boundary sets, for patterns of ordinary size: once warm, one table lookup per
// ASCII character. The cache is bounded (dropped and rebuilt past MAX_DFA_STATES), so memory stays bounded
// and each character still costs at most one O(m) simulation step.
const MAX_DFA_STATES = 2048;
// Past this many steps a DFA state's key costs as much as simulating directly.
const MAX_DFA_STEPS = 256;
const DEAD = -2;
const UNKNOWN = -1;
const ASCII = 128;

class LazyDfa {
  private sets: Uint8Array[] = [];
  private accepting: boolean[] = [];
  private index = new Map<string, number>();
  private table = new Int32Array(0);
  private wide: (Map<number, number> | undefined)[] = [];
  private startState = -1;
  private readonly sim: Simulator;
  private readonly scratch: Uint8Array;

  constructor(private readonly steps: Steps) {
    this.sim = new Simulator(steps);
    this.scratch = new Uint8Array(steps.count + 2);
  }

  test(name: string): boolean {
    if (this.startState < 0) {
      const start = new Uint8Array(this.steps.count + 2);
      start[0] = 1;
      this.sim.close(start, 0, 0);
      this.startState = this.intern(start);
    }
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

  private intern(set: Uint8Array): number {
    let key = '';
    let any = false;
    for (let k = 0; k < set.length; k++) {
      if (set[k] === 1) {
        key += `${k},`;
        any = true;
      }
    }
    if (!any) return DEAD;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    if (this.sets.length >= MAX_DFA_STATES) this.reset();
    const id = this.sets.length;
    this.sets.push(set.slice());
    this.accepting.push(set[this.steps.count] === 1);
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
    const from = this.sets[s]!;
    const next = this.scratch;
    next.fill(0);
    this.sim.advance(from, 0, this.steps.count, cp, next);
    const size = this.sets.length;
    const target = this.intern(next);
    // After a cache reset `s` no longer exists; do not record an edge from it.
    if (this.sets.length < size) return target;
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
  const steps = buildSteps(atoms);
  if (steps.count > MAX_DFA_STEPS) {
    const sim = new Simulator(steps);
    return { source: pattern, test: (name) => sim.test(name) };
  }
  const dfa = new LazyDfa(steps);
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
