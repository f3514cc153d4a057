import { describe, expect, it } from 'vitest';
import { ansiSpans, stripAnsi } from './ansi';

describe('ANSI', () => {
  it('strips CSI, OSC and charset escapes', () => {
    expect(stripAnsi('\u001b[1;32mok\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b(Bend')).toBe('ok link end');
  });
  it('parses 16, 256 and true colour plus decorations into spans', () => {
    const spans = ansiSpans('\u001b[31mred\u001b[0m \u001b[38;5;208morange\u001b[0m \u001b[1;48;2;10;20;30mbold\u001b[0m');
    expect(spans.map((s) => s.text)).toEqual(['red', ' ', 'orange', ' ', 'bold']);
    expect(spans[0]!.fg).toBe('#e05561');
    expect(spans[2]!.fg).toMatch(/^#/);
    expect(spans[4]).toMatchObject({ bold: true, bg: '#0a141e' });
  });
  it('a line without escapes is one span', () => {
    expect(ansiSpans('plain')).toEqual([{ text: 'plain' }]);
  });
});
