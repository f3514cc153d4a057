import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, GlobSyntaxError, parseGlob } from './glob';

const match = (pattern: string, name: string): boolean => compileGlob(pattern).test(name);

// Every row of "Filter pattern cheat sheet" (docs: workflow-syntax#filter-pattern-cheat-sheet).
describe('cheat sheet: patterns to match branches and tags', () => {
  const rows: [string, string[], string[]][] = [
    [
      'feature/*',
      ['feature/my-branch', 'feature/your-branch'],
      ['feature/beta-a/my-branch', 'feature', 'features/x'],
    ],
    [
      'feature/**',
      ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'],
      ['feature', 'main'],
    ],
    ['main', ['main'], ['main2', 'xmain', 'releases/main']],
    ['releases/mona-the-octocat', ['releases/mona-the-octocat'], ['releases/mona-the-octocat2']],
    ['*', ['main', 'releases'], ['releases/10', 'all/the/branches']],
    ['**', ['all/the/branches', 'every/tag', 'main'], []],
    ['*feature', ['mona-feature', 'feature', 'ver-10-feature'], ['feature-x', 'a/feature']],
    ['v2*', ['v2', 'v2.0', 'v2.9'], ['v1', 'v2/x', 'xv2']],
    ['v[12].[0-9]+.[0-9]+', ['v1.10.1', 'v2.0.0'], ['v3.0.0', 'v1.0', 'v1.a.0', 'v1..0']],
  ];
  for (const [pattern, yes, no] of rows) {
    for (const name of yes) it(`${pattern} matches ${name}`, () => expect(match(pattern, name)).toBe(true));
    for (const name of no)
      it(`${pattern} does not match ${name}`, () => expect(match(pattern, name)).toBe(false));
  }
});

describe('cheat sheet: patterns to match file paths', () => {
  const rows: [string, string[], string[]][] = [
    ['*', ['README.md', 'server.rb'], ['docs/README.md']],
    ['*.jsx?', ['page.js', 'page.jsx'], ['page.jsxx', 'page.j', 'src/page.js']],
    ['**', ['all/the/files.md', 'x'], []],
    ['*.js', ['app.js', 'index.js'], ['js/index.js', 'app.jsx']],
    ['**.js', ['index.js', 'js/index.js', 'src/js/app.js'], ['index.ts']],
    ['docs/*', ['docs/README.md', 'docs/file.txt'], ['docs/mona/octocat.txt', 'README.md']],
    ['docs/**', ['docs/README.md', 'docs/mona/octocat.txt'], ['src/docs/a.md']],
    [
      'docs/**/*.md',
      ['docs/README.md', 'docs/mona/hello-world.md', 'docs/a/markdown/file.md'],
      ['docs/a.txt', 'src/docs/a.md'],
    ],
    [
      '**/docs/**',
      ['docs/hello.md', 'dir/docs/my-file.txt', 'space/docs/plan/space.doc'],
      ['mydocs/a.md', 'docs'],
    ],
    ['**/README.md', ['README.md', 'js/README.md'], ['js/README.mdx', 'xREADME.md']],
    ['**/*src/**', ['a/src/app.js', 'my-src/code/js/app.js'], ['src', 'a/srcx/app.js']],
    ['**/*-post.md', ['my-post.md', 'path/their-post.md'], ['post.md']],
    [
      '**/migrate-*.sql',
      ['migrate-10909.sql', 'db/migrate-v1.0.sql', 'db/sept/migrate-v1.sql'],
      ['db/migrate-a/b.sql'],
    ],
  ];
  for (const [pattern, yes, no] of rows) {
    for (const name of yes) it(`${pattern} matches ${name}`, () => expect(match(pattern, name)).toBe(true));
    for (const name of no)
      it(`${pattern} does not match ${name}`, () => expect(match(pattern, name)).toBe(false));
  }
});

describe('cheat sheet: special characters', () => {
  it('`*` example: Octo* matches Octocat', () => expect(match('Octo*', 'Octocat')).toBe(true));
  it('`[]` examples', () => {
    expect(match('[CB]at', 'Cat')).toBe(true);
    expect(match('[CB]at', 'Bat')).toBe(true);
    expect(match('[CB]at', 'Rat')).toBe(false);
    expect(match('[1-2]00', '100')).toBe(true);
    expect(match('[1-2]00', '200')).toBe(true);
    expect(match('[1-2]00', '300')).toBe(false);
    expect(match('[0-9a-z]', '7')).toBe(true);
    expect(match('[0-9a-z]', 'q')).toBe(true);
    expect(match('[0-9a-z]', 'Q')).toBe(false);
  });
  it('`?` and `+` apply to the preceding character or class', () => {
    expect(match('ab?c', 'ac')).toBe(true);
    expect(match('ab?c', 'abc')).toBe(true);
    expect(match('ab?c', 'abbc')).toBe(false);
    expect(match('ab+c', 'ac')).toBe(false);
    expect(match('ab+c', 'abbbc')).toBe(true);
    expect(match('v[0-9]+', 'v123')).toBe(true);
  });
  it('`\\` escapes special characters', () => {
    expect(match('a\\*b', 'a*b')).toBe(true);
    expect(match('a\\*b', 'axb')).toBe(false);
    expect(match('c\\+\\+', 'c++')).toBe(true);
    expect(match('\\[x\\]', '[x]')).toBe(true);
    expect(match('what\\?', 'what?')).toBe(true);
    expect(match('what\\?', 'wha')).toBe(false);
  });
  it('`!` is literal when not first (the filter strips a leading `!`)', () => {
    expect(match('a!b', 'a!b')).toBe(true);
  });
  it('`.` and other regex metacharacters are literal', () => {
    expect(match('v1.2', 'v1x2')).toBe(false);
    expect(match('(a|b)', '(a|b)')).toBe(true);
    expect(match('a^$', 'a^$')).toBe(true);
  });
  it('matches the whole name', () => {
    expect(match('main', 'main-2')).toBe(false);
    expect(match('ain', 'main')).toBe(false);
  });
  it('handles non-ASCII and astral characters as single characters', () => {
    expect(match('caf?é', 'café')).toBe(true);
    expect(match('x😀?y', 'xy')).toBe(true);
    expect(match('x😀+y', 'x😀😀y')).toBe(true);
    expect(match('*', 'ブランチ')).toBe(true);
    expect(match('[a-z]', '😀')).toBe(false);
  });
});

describe('syntax errors', () => {
  const bad: [string, RegExp][] = [
    ['release/v[0-9', /unclosed `\[`/],
    ['[z-a]', /bad range/],
    ['[a-Z]', /bad range/],
    ['[!-~]', /bad range/],
    ['[a-]', /bad range/],
    ['[]', /empty/],
    ['abc\\', /dangling escape/],
    ['[a\\', /dangling escape/],
    ['?abc', /`\?`/],
    ['+abc', /`\+`/],
    ['a*?', /`\?`/],
    ['a**+', /`\+`/],
    ['a++', /`\+`/],
    ['a?+', /`\+`/],
  ];
  for (const [pattern, message] of bad) {
    it(`rejects ${pattern}`, () => {
      let err: unknown;
      try {
        compileGlob(pattern);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GlobSyntaxError);
      expect((err as GlobSyntaxError).message).toMatch(message);
      expect((err as GlobSyntaxError).start).toBeGreaterThanOrEqual(0);
      expect((err as GlobSyntaxError).end).toBeLessThanOrEqual(pattern.length);
    });
  }
  it('points at the offending range', () => {
    try {
      compileGlob('ab[z-a]');
    } catch (e) {
      expect((e as GlobSyntaxError).start).toBe(3);
      expect((e as GlobSyntaxError).end).toBe(6);
    }
  });
  it('accepts a leading `-` in a class and escapes inside classes', () => {
    expect(match('[-_]x', '-x')).toBe(true);
    expect(match('[\\]a]', ']')).toBe(true);
  });
});

// Pattern × input is up to 10⁸ automaton steps: generous timeout so a loaded CI machine does not flake.
describe('linear time on pathological inputs (correctness asserted, no timing)', { timeout: 60_000 }, () => {
  it('10,000-character pattern of stars against a 10,000-character ref', () => {
    const pattern = '*a'.repeat(5000);
    expect(match(pattern, 'a'.repeat(10000))).toBe(true);
    expect(match(pattern, `${'a'.repeat(9999)}b`)).toBe(false);
  });
  it('classic backtracking killer (a?)^n a^n', () => {
    const n = 3000;
    expect(match('a?'.repeat(n) + 'a'.repeat(n), 'a'.repeat(n))).toBe(true);
    expect(match('a?'.repeat(n) + 'a'.repeat(n), 'a'.repeat(n - 1))).toBe(false);
  });
  it('many globstars against a long path', () => {
    expect(match('**a'.repeat(3333), 'ab'.repeat(5000))).toBe(false);
    expect(match('**/'.repeat(100) + 'x', `${'d/'.repeat(5000)}x`)).toBe(true);
  });
  it('10,000-character ref against ordinary patterns', () => {
    const ref = `feature/${'x'.repeat(10000)}`;
    expect(match('feature/*', ref)).toBe(true);
    expect(match('feature/*y', ref)).toBe(false);
    expect(match('[a-z]+/[a-z]+', ref)).toBe(true);
    expect(match('**/x*x?y', ref)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test against an independent reference: patterns are generated as token lists; the
// implementation parses the rendered string, the reference backtracks over the tokens directly.
type Token =
  | { t: 'lit'; c: string; q: '' | '?' | '+' }
  | { t: 'class'; chars: string; q: '' | '?' | '+' }
  | { t: 'star' }
  | { t: 'globstar' };

const LITS = ['a', 'b', '/', '.', '*', '-'];
const tokenArb: fc.Arbitrary<Token> = fc.oneof(
  fc.record({
    t: fc.constant('lit' as const),
    c: fc.constantFrom(...LITS),
    q: fc.constantFrom('' as const, '' as const, '?' as const, '+' as const),
  }),
  fc.record({
    t: fc.constant('class' as const),
    chars: fc.constantFrom('ab', 'a-c', 'b', '0-9a'),
    q: fc.constantFrom('' as const, '?' as const, '+' as const),
  }),
  fc.constant({ t: 'star' as const }),
  fc.constant({ t: 'globstar' as const }),
);

function render(tokens: readonly Token[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i]!;
    if (tk.t === 'lit') s += (tk.c === '*' ? '\\*' : tk.c) + tk.q;
    else if (tk.t === 'class') s += `[${tk.chars}]${tk.q}`;
    else if (tk.t === 'star') s += '*';
    else s += '**';
  }
  return s;
}

// Adjacent wildcards would render as a different wildcard (`*` + `*` = `**`); keep them apart.
function wellFormed(tokens: readonly Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!.t;
    const b = tokens[i]!.t;
    if ((a === 'star' || a === 'globstar') && (b === 'star' || b === 'globstar')) return false;
  }
  return true;
}

function classHas(chars: string, c: string): boolean {
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      if (c >= chars[i]! && c <= chars[i + 2]!) return true;
      i += 2;
    } else if (chars[i] === c) return true;
  }
  return false;
}

const isSlash = (tk: Token | undefined): boolean =>
  tk !== undefined && tk.t === 'lit' && tk.c === '/' && tk.q === '';

// Exponential reference straight from the documented semantics, plus the `**/` rule (see README).
function reference(tokens: readonly Token[], name: string, i = 0, j = 0): boolean {
  if (i === tokens.length) return j === name.length;
  const tk = tokens[i]!;
  const one = (ok: (c: string) => boolean, q: '' | '?' | '+'): boolean => {
    if (q === '?' && reference(tokens, name, i + 1, j)) return true;
    if (j >= name.length || !ok(name[j]!)) return false;
    if (q === '+') {
      let k = j;
      while (k < name.length && ok(name[k]!)) {
        k++;
        if (reference(tokens, name, i + 1, k)) return true;
      }
      return false;
    }
    return reference(tokens, name, i + 1, j + 1);
  };
  switch (tk.t) {
    case 'lit':
      return one((c) => c === tk.c, tk.q);
    case 'class':
      return one((c) => classHas(tk.chars, c), tk.q);
    case 'star':
      for (let k = j; k <= name.length; k++) {
        if (reference(tokens, name, i + 1, k)) return true;
        if (k < name.length && name[k] === '/') return false;
      }
      return false;
    case 'globstar': {
      // `**/` at the start or after `/`: zero directories, or any run ending in `/`.
      if (isSlash(tokens[i + 1]) && (i === 0 || isSlash(tokens[i - 1]))) {
        if (reference(tokens, name, i + 2, j)) return true;
        for (let k = j; k < name.length; k++)
          if (name[k] === '/' && reference(tokens, name, i + 2, k + 1)) return true;
        return false;
      }
      for (let k = j; k <= name.length; k++) if (reference(tokens, name, i + 1, k)) return true;
      return false;
    }
  }
}

// Builds a name the pattern is likely to match, driven by random choices.
function instantiate(tokens: readonly Token[], choices: readonly number[]): string {
  let c = 0;
  const pick = (n: number): number => (choices[c++ % Math.max(choices.length, 1)] ?? 0) % n;
  let s = '';
  for (const tk of tokens) {
    if (tk.t === 'lit' || tk.t === 'class') {
      const ch = tk.t === 'lit' ? tk.c : tk.chars.replace('-', '')[pick(tk.chars.replace('-', '').length)]!;
      const n = tk.q === '?' ? pick(2) : tk.q === '+' ? 1 + pick(3) : 1;
      s += ch.repeat(n);
    } else {
      const alphabet = tk.t === 'star' ? 'ab.-' : 'ab/.';
      const n = pick(4);
      for (let k = 0; k < n; k++) s += alphabet[pick(alphabet.length)];
    }
  }
  return s;
}

describe('property: automaton agrees with a backtracking reference', () => {
  const nameArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', '.', '*', '-', '0'), maxLength: 10 });
  it('on random names', () => {
    fc.assert(
      fc.property(fc.array(tokenArb, { maxLength: 7 }).filter(wellFormed), nameArb, (tokens, name) => {
        expect(compileGlob(render(tokens)).test(name)).toBe(reference(tokens, name));
      }),
      { numRuns: 3000 },
    );
  });
  it('on names built from the pattern, with a mutation', () => {
    fc.assert(
      fc.property(
        fc.array(tokenArb, { maxLength: 7 }).filter(wellFormed),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom('a', '/', 'x', ''))),
        (tokens, choices, mutation) => {
          let name = instantiate(tokens, choices);
          if (mutation) {
            const [at, ch] = mutation;
            const k = name.length === 0 ? 0 : at % name.length;
            name = name.slice(0, k) + ch + name.slice(k + 1);
          }
          expect(compileGlob(render(tokens)).test(name)).toBe(reference(tokens, name));
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('a compiled glob gives the same answers when reused (DFA cache)', () => {
    const glob = compileGlob('**/[a-c]+*.x?');
    const names = ['a.x', 'd/ab.', 'b', 'q/r/c.xx', 'a/b/c.x', ''];
    const first = names.map((n) => glob.test(n));
    for (let k = 0; k < 5; k++) expect(names.map((n) => glob.test(n))).toEqual(first);
  });
});

describe('parseGlob', () => {
  it('recognizes `**/` only at the start or after `/`', () => {
    expect(parseGlob('**/a').map((a) => a.kind)).toEqual(['dirs', 'chars']);
    expect(parseGlob('x/**/a').map((a) => a.kind)).toEqual(['chars', 'chars', 'dirs', 'chars']);
    expect(parseGlob('x**/a').map((a) => a.kind)).toEqual(['chars', 'globstar', 'chars', 'chars']);
  });
});

describe('bounded DFA cache', () => {
  it('stays correct when the number of DFA states exceeds the cache (2^12 subsets)', () => {
    const glob = compileGlob(`**a${'[ab]'.repeat(12)}`);
    const reference = /^[ab]*a[ab]{12}$/;
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 40; round++) {
      let s = '';
      const len = 13 + (next() % 400);
      for (let i = 0; i < len; i++) s += next() % 2 === 0 ? 'a' : 'b';
      expect(glob.test(s)).toBe(reference.test(s));
    }
  });
});
