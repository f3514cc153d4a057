import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('joins lines split across chunks and strips CR', () => {
    const s = new LineSplitter();
    expect(s.push('ab')).toEqual([]);
    expect(s.push('c\r\nde')).toEqual(['abc']);
    expect(s.push('f\n\n')).toEqual(['def', '']);
    expect(s.flush()).toBeUndefined();
  });
  it('returns an unterminated last line on flush', () => {
    const s = new LineSplitter();
    s.push('tail');
    expect(s.flush()).toBe('tail');
  });
  it('keeps at most maxLineChars of a huge line and says how much was cut', () => {
    const s = new LineSplitter({ maxLineChars: 10 });
    const out: string[] = [];
    for (let i = 0; i < 1000; i++) out.push(...s.push('x'.repeat(1000)));
    out.push(...s.push('\nnext\n'));
    expect(out).toEqual([`${'x'.repeat(10)} … [999990 more characters not shown]`, 'next']);
  });
});
