import { describe, expect, it } from 'vitest';
import { LogLineStore } from './line-store';
import { compileQuery, matchRanges, ERROR_LINE } from './search';

function filled(n: number, text = (i: number) => `line ${i}`): LogLineStore {
  const s = new LogLineStore();
  const batch = [];
  for (let i = 0; i < n; i++) batch.push({ text: text(i), timeMs: 1000 + i, source: i % 3 });
  s.append(batch);
  return s;
}

describe('LogLineStore', () => {
  it('reads back every line, time and source across sealed and open chunks', () => {
    const s = filled(10_000);
    expect(s.size).toBe(10_000);
    for (const i of [0, 1, 4095, 4096, 8191, 8192, 9999]) {
      expect(s.line(i)).toBe(`line ${i}`);
      expect(s.timeMs(i)).toBe(1000 + i);
      expect(s.source(i)).toBe(i % 3);
    }
    expect(s.line(10_000)).toBe('');
  });

  it('stores escapes apart: plain text for search, raw text for display', () => {
    const s = new LogLineStore();
    s.append([{ text: '\u001b[31mred\u001b[0m alert' }, { text: 'plain' }]);
    expect(s.line(0)).toBe('red alert');
    expect(s.rawLine(0)).toBe('\u001b[31mred\u001b[0m alert');
    expect(s.rawLine(1)).toBe('plain');
  });

  it('drops the oldest chunks past its cap and keeps absolute indices', () => {
    const s = new LogLineStore({ maxLines: 8192 });
    for (let i = 0; i < 5; i++) s.append(Array.from({ length: 4096 }, (_, j) => ({ text: `c${i} l${j}` })));
    expect(s.first).toBe(3 * 4096);
    expect(s.end).toBe(5 * 4096);
    expect(s.line(s.first)).toBe('c3 l0');
    expect(s.line(0)).toBe('');
  });

  it('searches all lines with counts, several matches per line, ^ per line', () => {
    const s = filled(9000, (i) => (i % 1000 === 7 ? `error: x error ${i}` : `ok ${i}`));
    const q = compileQuery({ text: 'error', regex: false, caseSensitive: false });
    if (!q.ok) throw new Error(q.error);
    const r = s.search(q.re);
    expect([...r.lines]).toEqual([7, 1007, 2007, 3007, 4007, 5007, 6007, 7007, 8007]);
    expect(r.count).toBe(18);
    const anchored = compileQuery({ text: '^ok 4096$', regex: true, caseSensitive: true });
    if (!anchored.ok) throw new Error(anchored.error);
    expect([...s.search(anchored.re).lines]).toEqual([4096]);
    expect([...s.search(ERROR_LINE, 1).lines]).toEqual([7]);
  });
});

describe('LogLineStore.search with a compiled pattern', () => {
  const mixed = (i: number): string => (i % 997 === 5 ? `Step FAILED: Error ${i} error` : i === 5000 ? 'İstanbul error' : `ok ${i} [a-z]`);
  const queries = [
    { text: 'error', regex: false, caseSensitive: false },
    { text: 'Error', regex: false, caseSensitive: true },
    { text: 'failed: e\\w+ \\d+', regex: true, caseSensitive: false },
    { text: '^ok \\d+5 ', regex: true, caseSensitive: false },
    { text: 'F\\w+', regex: true, caseSensitive: false },
    { text: '[a-z]', regex: false, caseSensitive: false },
    { text: 'İSTANBUL ERROR', regex: false, caseSensitive: false },
    { text: 'OK 1', regex: false, caseSensitive: false },
  ];

  it('finds what the plain RegExp scan finds (indexOf, test with a fixed match length, exec; non-ASCII case)', () => {
    const s = filled(10_000, mixed);
    for (const q of queries) {
      const c = compileQuery(q);
      if (!c.ok) throw new Error(c.error);
      const fast = s.search(c.pattern);
      const slow = s.search(c.re);
      expect([...fast.lines], q.text).toEqual([...slow.lines]);
      expect(fast.count, q.text).toBe(slow.count);
      expect(fast.count, q.text).toBeGreaterThan(0);
    }
  });

  it('searches from a line on, within some sources only, up to a line limit', () => {
    const s = filled(10_000, (i) => `x ${i % 10 === 0 ? 'hit hit' : 'miss'}`);
    const c = compileQuery({ text: 'HIT', regex: false, caseSensitive: false });
    if (!c.ok) throw new Error(c.error);
    expect(s.search(c.pattern).count).toBe(2000);
    const tail = s.search(c.pattern, { from: 9_950 });
    expect([...tail.lines]).toEqual([9950, 9960, 9970, 9980, 9990]);
    expect(tail.count).toBe(10);
    // Sources are i % 3: only source 1 (lines 10, 40, 70, …).
    const only1 = s.search(c.pattern, { sources: Uint8Array.of(0, 1, 0) });
    expect(only1.lines.length).toBe(333);
    expect(only1.lines[0]).toBe(10);
    expect([...s.search(c.pattern, { limitLines: 2, from: 4090 }).lines]).toEqual([4090, 4100]);
  });
});

describe('queries', () => {
  it('escapes plain text and reports a bad regex as a value', () => {
    const q = compileQuery({ text: 'a.b(', regex: false, caseSensitive: true });
    expect(q.ok && matchRanges('a.b( axb(', q.re)).toEqual([[0, 4]]);
    const bad = compileQuery({ text: 'a(', regex: true, caseSensitive: true });
    expect(bad.ok).toBe(false);
    expect(compileQuery({ text: '', regex: false, caseSensitive: false }).ok).toBe(false);
  });
  it('skips empty matches', () => {
    const q = compileQuery({ text: 'x*', regex: true, caseSensitive: true });
    expect(q.ok && matchRanges('axxbx', q.re)).toEqual([[1, 3], [4, 5]]);
  });
});
