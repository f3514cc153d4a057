// Collects diagnostics with 1-based positions inside the annotation value, from YAML node ranges.
import { isNode, type Node, type Scalar } from 'yaml';
import type { Diagnostic } from './types';

/** Accumulates diagnostics for one annotation text. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** True when any error (not warning) was reported. */
  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Reports a problem at text offsets [start, end). */
  add(severity: Diagnostic['severity'], message: string, start: number, end: number): void {
    const s = this.pos(Math.max(0, Math.min(start, this.text.length)));
    const e = this.pos(Math.max(start, Math.min(end, this.text.length)));
    this.diagnostics.push({
      severity,
      message,
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
    });
  }

  /** Reports a problem over a node (the whole text when the node has no range). */
  addNode(severity: Diagnostic['severity'], message: string, node: Node | undefined): void {
    const range = node?.range;
    if (!range) {
      this.add(severity, message, 0, this.text.length);
      return;
    }
    this.add(severity, message, range[0], range[1]);
  }

  /** Points into a pattern scalar when source and value line up (plain or quotes without escapes). */
  addInScalar(
    severity: Diagnostic['severity'],
    message: string,
    node: Scalar,
    start: number,
    end: number,
  ): void {
    const range = node.range;
    if (range) {
      const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
      const contentStart = range[0] + (quoted ? 1 : 0);
      const value = String(node.value);
      if (this.text.slice(contentStart, contentStart + value.length) === value) {
        this.add(severity, message, contentStart + start, contentStart + Math.max(end, start + 1));
        return;
      }
    }
    this.addNode(severity, message, node);
  }

  private pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

/** The value as a YAML node, or undefined. */
export function asNode(value: unknown): Node | undefined {
  return isNode(value) ? value : undefined;
}

/** The text of a scalar as written: plain `2.0` stays "2.0" instead of the number 2. */
export function scalarText(node: Scalar): string {
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return node.value === null || node.value === undefined ? '' : String(node.value);
}
