// ANSI escape sequences in log lines: stripped for search and storage, parsed into styled spans for display.
import { createColorPalette, parseAnsiSequences, type Color } from 'ansi-sequence-parser';

// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST), charset selection and other two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[()][0-9A-Za-z]|\u001b[@-Z\\-_]/g;

/** True when the text holds an escape character. */
export function hasAnsi(text: string): boolean {
  return text.includes('\u001b');
}

/** The text without escape sequences (what search and copy see). */
export function stripAnsi(text: string): string {
  return hasAnsi(text) ? text.replace(ANSI, '') : text;
}

/** A run of text with one style; colours are CSS colour strings. */
export interface AnsiSpan {
  readonly text: string;
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly strike?: boolean;
}

const palette = createColorPalette({
  black: '#3b3b3b',
  red: '#e05561',
  green: '#4fb35a',
  yellow: '#d8a530',
  blue: '#4c8fe0',
  magenta: '#c46fd6',
  cyan: '#3fb2c2',
  white: '#d7d7d7',
  brightBlack: '#7f7f7f',
  brightRed: '#ff6e78',
  brightGreen: '#6fd37a',
  brightYellow: '#f0c552',
  brightBlue: '#73aaf5',
  brightMagenta: '#df8df0',
  brightCyan: '#62d3e2',
  brightWhite: '#ffffff',
});

function css(c: Color | null): string | undefined {
  return c ? palette.value(c) : undefined;
}

/** Parses SGR sequences (16, 256 and true colour, bold/dim/italic/underline/strike, reverse) into spans. */
export function ansiSpans(text: string): AnsiSpan[] {
  if (!hasAnsi(text)) return [{ text }];
  const spans: AnsiSpan[] = [];
  for (const t of parseAnsiSequences(text)) {
    const value = stripAnsi(t.value);
    if (!value) continue;
    const d = t.decorations;
    const reverse = d.has('reverse');
    const fg = css(reverse ? t.background : t.foreground);
    const bg = css(reverse ? t.foreground : t.background);
    spans.push({
      text: value,
      ...(fg ? { fg } : {}),
      ...(bg ? { bg } : {}),
      ...(d.has('bold') ? { bold: true } : {}),
      ...(d.has('dim') ? { dim: true } : {}),
      ...(d.has('italic') ? { italic: true } : {}),
      ...(d.has('underline') ? { underline: true } : {}),
      ...(d.has('strikethrough') ? { strike: true } : {}),
    });
  }
  return spans;
}
