import { describe, expect, it } from 'vitest';
import { compilePatterns, evaluateFilter } from './filters';
import type { FilterKey, PatternFilter } from './types';

function filter(key: FilterKey, patterns: string[]): PatternFilter {
  const { filter: f, problems } = compilePatterns(key, patterns);
  if (!f) throw new Error(problems.map((p) => p.message).join('; '));
  return f;
}

describe('ordered negation (docs: workflow-syntax)', () => {
  it("cheat sheet: '*.md', '!README.md'", () => {
    const f = filter('paths', ['*.md', '!README.md']);
    expect(evaluateFilter(f, 'hello.md').included).toBe(true);
    expect(evaluateFilter(f, 'README.md')).toEqual({ included: false, decidedBy: '!README.md' });
    expect(evaluateFilter(f, 'docs/hello.md')).toEqual({ included: false });
  });
  it("cheat sheet: '*.md', '!README.md', README* re-includes", () => {
    const f = filter('paths', ['*.md', '!README.md', 'README*']);
    expect(evaluateFilter(f, 'hello.md').included).toBe(true);
    expect(evaluateFilter(f, 'README.md')).toEqual({ included: true, decidedBy: 'README*' });
    expect(evaluateFilter(f, 'README.doc').included).toBe(true);
  });
  it("branches example: 'releases/**', '!releases/**-alpha'", () => {
    const f = filter('branches', ['releases/**', '!releases/**-alpha']);
    expect(evaluateFilter(f, 'releases/10').included).toBe(true);
    expect(evaluateFilter(f, 'releases/beta/mona').included).toBe(true);
    expect(evaluateFilter(f, 'releases/10-alpha').included).toBe(false);
    expect(evaluateFilter(f, 'releases/beta/3-alpha').included).toBe(false);
  });
  it("paths example: 'sub-project/**', '!sub-project/docs/**'", () => {
    const f = filter('paths', ['sub-project/**', '!sub-project/docs/**']);
    expect(evaluateFilter(f, 'sub-project/index.js').included).toBe(true);
    expect(evaluateFilter(f, 'sub-project/src/index.js').included).toBe(true);
    expect(evaluateFilter(f, 'sub-project/docs/readme.md').included).toBe(false);
  });
  it('`!` is special only as the first character', () => {
    const f = filter('branches', ['a!b']);
    expect(evaluateFilter(f, 'a!b').included).toBe(true);
  });
  it('marks ignore lists', () => {
    expect(filter('branches-ignore', ['x']).isIgnore).toBe(true);
    expect(filter('tags', ['x']).isIgnore).toBe(false);
  });
});

describe('compilePatterns problems', () => {
  it('reports offsets in the pattern as written, including the `!`', () => {
    const { filter: f, problems } = compilePatterns('branches', ['main', '!v[0-9']);
    expect(f).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ index: 1, start: 2, end: 6 })]);
  });
  it('rejects a bare `!`', () => {
    expect(compilePatterns('branches', ['!']).problems[0]?.message).toMatch(/after the `!`/);
  });
});
