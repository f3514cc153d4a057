// One rendered log line: ANSI colours from the parser library, search matches marked on top of them.
import type { ReactElement, ReactNode } from 'react';
import { ansiSpans, type AnsiSpan } from '../../../../src-shared/logs/ansi';

function spanStyle(s: AnsiSpan): React.CSSProperties | undefined {
  if (!s.fg && !s.bg && !s.bold && !s.dim && !s.italic && !s.underline && !s.strike) return undefined;
  return {
    ...(s.fg ? { color: s.fg } : {}),
    ...(s.bg ? { backgroundColor: s.bg } : {}),
    ...(s.bold ? { fontWeight: 600 } : {}),
    ...(s.dim ? { opacity: 0.7 } : {}),
    ...(s.italic ? { fontStyle: 'italic' } : {}),
    ...(s.underline || s.strike ? { textDecoration: `${s.underline ? 'underline' : ''} ${s.strike ? 'line-through' : ''}`.trim() } : {}),
  };
}

/** Renders a raw line (with escapes) with `ranges` (offsets in the plain text) wrapped in <mark>. */
export function LogLineText({ raw, ranges, currentRange }: { raw: string; ranges: readonly [number, number][]; currentRange?: number }): ReactElement {
  const spans = ansiSpans(raw);
  const out: ReactNode[] = [];
  let offset = 0;
  let key = 0;
  for (const s of spans) {
    const start = offset;
    const end = offset + s.text.length;
    offset = end;
    const style = spanStyle(s);
    let at = start;
    const parts: ReactNode[] = [];
    ranges.forEach(([a, b], ri) => {
      if (b <= at || a >= end) return;
      const from = Math.max(a, at);
      const to = Math.min(b, end);
      if (from > at) parts.push(s.text.slice(at - start, from - start));
      parts.push(
        <mark key={`m${key++}`} className={ri === currentRange ? 'logv__match logv__match--current' : 'logv__match'}>
          {s.text.slice(from - start, to - start)}
        </mark>,
      );
      at = to;
    });
    if (at < end) parts.push(s.text.slice(at - start));
    out.push(style ? <span key={key++} style={style}>{parts}</span> : <span key={key++}>{parts}</span>);
  }
  return <>{out}</>;
}
