// Completion inside the event annotation's block string: event names, their keys, and activity types.
import { ACTIVITY_TYPES, EVENT_KEYS } from '../events/schema';
import { EVENT_NAMES, type EventName } from '../events/types';

/** What to suggest at a position. */
export interface AnnotationCompletion {
  readonly kind: 'event' | 'key' | 'type';
  readonly items: readonly string[];
  /** The event whose keys or types are suggested. */
  readonly event?: EventName;
}

const HEADER = /^(\s*)(["']?)pipe\.linecorp\.com\/event\2\s*:\s*[|>][-+0-9]*\s*(#.*)?$/;
const MAX_LOOKBACK = 300;

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isEvent = (name: string): name is EventName => (EVENT_NAMES as readonly string[]).includes(name);

/** Suggestions for the cursor at 0-based `lineIndex` and 1-based `column`, or undefined outside the annotation. */
export function annotationCompletion(lines: readonly string[], lineIndex: number, column: number): AnnotationCompletion | undefined {
  const current = lines[lineIndex];
  if (current === undefined) return undefined;
  const before = current.slice(0, Math.max(0, column - 1));
  let minIndent = indentOf(before.trim() === '' ? before : current);
  let header = -1;
  for (let i = lineIndex - 1; i >= 0 && i >= lineIndex - MAX_LOOKBACK; i--) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = HEADER.exec(line);
    if (m && m[1]!.length < minIndent) {
      header = i;
      break;
    }
    minIndent = Math.min(minIndent, indentOf(line));
  }
  if (header < 0) return undefined;
  const headerIndent = indentOf(lines[header]!);
  let blockIndent = headerIndent + 2;
  for (let i = header + 1; i < lines.length; i++) {
    if (lines[i]!.trim() !== '') {
      blockIndent = indentOf(lines[i]!);
      break;
    }
  }
  if (blockIndent <= headerIndent) return undefined;
  const indent = indentOf(before.trim() === '' ? before : current);
  const word = before.trim();
  if (indent <= blockIndent && /^[\w-]*$/.test(word)) return { kind: 'event', items: EVENT_NAMES };
  // The event this line belongs to: the nearest line above at the block's indentation.
  let event: EventName | undefined;
  let keyLine: string | undefined;
  for (let i = lineIndex - 1; i > header; i--) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const ind = indentOf(line);
    if (keyLine === undefined && ind > blockIndent && ind < indent) keyLine = line.trim();
    if (ind <= blockIndent) {
      const name = /^([\w-]+)\s*:/.exec(line.trim())?.[1];
      if (name && isEvent(name)) event = name;
      break;
    }
  }
  if (!event) return undefined;
  const types = ACTIVITY_TYPES[event] ?? [];
  if (/^types\s*:/.test(word) || (/^-\s*[\w-]*$/.test(word) && keyLine !== undefined && /^types\s*:\s*$/.test(keyLine))) {
    return types.length ? { kind: 'type', items: types, event } : undefined;
  }
  if (/^[\w-]*$/.test(word)) return EVENT_KEYS[event].length ? { kind: 'key', items: EVENT_KEYS[event], event } : undefined;
  return undefined;
}
