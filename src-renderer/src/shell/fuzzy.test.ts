import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from './fuzzy';

describe('fuzzyMatch', () => {
  it('matches characters in order, case-insensitively, ignoring spaces', () => {
    expect(fuzzyMatch('thdk', 'Theme: Dark')).toBeDefined();
    expect(fuzzyMatch('th dk', 'Theme: Dark')).toBeDefined();
    expect(fuzzyMatch('kd', 'Theme: Dark')).toBeUndefined();
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('highlights whole words where they appear', () => {
    expect(fuzzyMatch('toggle light', 'Theme: Toggle light/dark')?.positions).toEqual([7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18]);
  });

  it('prefers word starts over earlier inner letters', () => {
    expect(fuzzyMatch('d', 'Add Dock')?.positions).toEqual([4]);
  });

  it('does not give up on a match by jumping to a later word start', () => {
    expect(fuzzyMatch('ab', 'xa b a')).toBeDefined();
  });
});

describe('fuzzyFilter', () => {
  const items = ['Notices: Show notices', 'Theme: Dark', 'Theme: Light', 'View: Toggle bottom panel'];
  it('ranks whole-word matches first', () => {
    expect(fuzzyFilter('the', items, (s) => s)[0]?.item).toBe('Theme: Dark');
    expect(fuzzyFilter('dark', items, (s) => s).map((r) => r.item)).toEqual(['Theme: Dark']);
    expect(fuzzyFilter('tbp', items, (s) => s)[0]?.item).toBe('View: Toggle bottom panel');
  });

  it('keeps the original order for an empty query', () => {
    expect(fuzzyFilter('', items, (s) => s).map((r) => r.item)).toEqual(items);
  });
});
