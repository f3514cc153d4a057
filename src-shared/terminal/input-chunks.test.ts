import { describe, expect, it } from 'vitest';
import { inputChunks } from './input-chunks';

describe('inputChunks', () => {
  it('keeps a 1 MB paste whole and in order, each piece under the cap', () => {
    const paste = ('x'.repeat(99) + '\n').repeat(10_486);
    const pieces = inputChunks(paste, 64 * 1024);
    expect(pieces.every((p) => p.length <= 64 * 1024)).toBe(true);
    expect(pieces.join('')).toBe(paste);
    expect(pieces).toHaveLength(Math.ceil(paste.length / (64 * 1024)));
  });

  it('never splits a surrogate pair (emoji at every boundary)', () => {
    const paste = 'ab😀'.repeat(5_000);
    const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
    const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
    for (const max of [2, 3, 4, 5, 7, 1000, 65_536]) {
      const pieces = inputChunks(paste, max);
      expect(pieces.join('')).toBe(paste);
      expect(pieces.filter((p) => p.length > max || isHigh(p.charCodeAt(p.length - 1)) || isLow(p.charCodeAt(0)))).toEqual([]);
    }
  });

  it('passes short input as it is, and nothing for nothing', () => {
    expect(inputChunks('ls\r', 10)).toEqual(['ls\r']);
    expect(inputChunks('', 10)).toEqual([]);
    expect(() => inputChunks('x', 1)).toThrow(RangeError);
  });
});
