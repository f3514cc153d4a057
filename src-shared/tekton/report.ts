// Collects diagnostics for one text: ranges from view nodes or offsets, 1-based positions, quick-fix edits.
import type { LineIndex } from './positions';
import type { TNode } from './tree';
import type { QuickFix, TektonDiagnostic, TextEdit } from './types';

/** Something with a source range. */
export interface Ranged {
  readonly start: number;
  readonly end: number;
}

/** Accumulates diagnostics; `document` is the index of the document being linted. */
export class Reporter {
  readonly diagnostics: TektonDiagnostic[] = [];
  document = 0;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  error(code: string, message: string, at: Ranged | TNode, fixes?: readonly QuickFix[]): void {
    this.add('error', code, message, at.start, at.end, fixes);
  }

  warning(code: string, message: string, at: Ranged | TNode, fixes?: readonly QuickFix[]): void {
    this.add('warning', code, message, at.start, at.end, fixes);
  }

  /** Adds a diagnostic over [start, end) (an empty range widens to one character when possible). */
  add(
    severity: TektonDiagnostic['severity'],
    code: string,
    message: string,
    start: number,
    end: number,
    fixes?: readonly QuickFix[],
  ): void {
    const s = Math.max(0, Math.min(start, this.text.length));
    let e = Math.max(s, Math.min(end, this.text.length));
    if (e === s && s < this.text.length && this.text[s] !== '\n') e = s + 1;
    const a = this.lines.position(s);
    const b = this.lines.position(e);
    this.diagnostics.push({
      severity,
      code,
      message,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      offset: s,
      endOffset: e,
      document: this.document,
      ...(fixes && fixes.length > 0 ? { fixes } : {}),
    });
  }

  /** A text edit replacing [start, end) with newText. */
  edit(start: number, end: number, newText: string): TextEdit {
    const a = this.lines.position(start);
    const b = this.lines.position(end);
    return { offset: start, endOffset: end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, newText };
  }
}
