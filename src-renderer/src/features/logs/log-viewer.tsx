// The log viewer: only visible lines in the DOM (react-virtual, measured rows for wrap), search over the whole
// compact store with highlight-all and next/previous, jump to the first error, timestamps and wrap toggles,
// follow-tail that pauses when the user scrolls up, copy a range of lines, download the whole log. With `task` it
// shows only that task's lines (an index the model keeps), and all of the above works within them.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { compileQuery, matchRanges, ERROR_LINE } from '../../../../src-shared/logs/search';
import type { LogModel } from './log-model';
import { LogLineText } from './log-line';
import { downloadLog } from './log-download';
import { linesText } from './log-lines';
import { IncrementalSearch } from './log-search';
import { LogStates } from './log-states';
import './logs.css';

const ROW = 18;

/** Props of LogViewer. */
export interface LogViewerProps {
  readonly model: LogModel;
  /** Show `[task › step]` before each line (merged run view; `[step]` in a task's view). */
  readonly showSource?: boolean;
  /** Show only this task's lines (a name from `model.tasks`). */
  readonly task?: string;
  readonly fileName?: string;
}

function formatTime(ms: number): string {
  if (Number.isNaN(ms)) return '';
  return new Date(ms).toISOString().slice(11, 23);
}

/** Virtualized, searchable log view over a LogModel. */
export function LogViewer({ model, showSource = false, task, fileName = 'log.txt' }: LogViewerProps): ReactElement {
  const version = useSyncExternalStore(
    (fn) => model.onDidChange(fn),
    () => model.version,
  );
  const store = model.store;
  const lines = useMemo(() => model.lines(task), [model, task, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const count = lines.size;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [wrap, setWrap] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [current, setCurrent] = useState(0);
  const [selection, setSelection] = useState<{ anchor: number; end: number } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const compiled = useMemo(() => (query ? compileQuery({ text: query, regex, caseSensitive }) : undefined), [query, regex, caseSensitive]);
  const re = compiled?.ok ? compiled.re : undefined;
  const pattern = compiled?.ok ? compiled.pattern : undefined;
  // Search the whole view; as lines arrive (a new `lines`), only the new ones are scanned.
  const searcher = useRef<IncrementalSearch | null>(null);
  searcher.current ??= new IncrementalSearch();
  const result = useMemo(() => (pattern ? searcher.current!.run(store, pattern, lines) : undefined), [pattern, store, lines]);

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders on scroll itself
  const v = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 20,
    initialRect: { width: 0, height: 600 },
    ...(wrap ? { measureElement: (el: Element) => el.getBoundingClientRect().height || ROW } : {}),
  });

  // Follow the tail while following; stop when the user scrolls up. Rows of one height: one write to the scroll
  // position per new count (one layout read). The virtualizer's scrollToIndex would re-read the layout and
  // re-measure every row in each of several frames after each call — the main cost of a frame at a high line rate.
  // Wrapped rows have measured heights, so they go through the virtualizer.
  useEffect(() => {
    if (!follow || count === 0) return;
    const el = scrollRef.current;
    if (!wrap && el) el.scrollTop = el.scrollHeight;
    else v.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, count, v, wrap]);
  // Only a scroll towards the top pauses following: lines arriving between our scroll to the end and this event make
  // the view look "not at the bottom" without the user doing anything.
  const lastTop = useRef(0);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const up = el.scrollTop < lastTop.current - 1;
    lastTop.current = el.scrollTop;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 2;
    if (up && !atBottom) setFollow(false);
  }, []);

  const jumpTo = useCallback(
    (line: number) => {
      const row = lines.row(line);
      if (row < 0) return;
      setFollow(false);
      v.scrollToIndex(row, { align: 'center' });
    },
    [v, lines],
  );

  const matchLines = result?.lines;
  const step = (dir: 1 | -1): void => {
    if (!matchLines?.length) return;
    const next = (current + dir + matchLines.length) % matchLines.length;
    setCurrent(next);
    jumpTo(matchLines[next]!);
  };
  useEffect(() => {
    setCurrent(0);
    if (matchLines?.length) jumpTo(matchLines[0]!);
    // Only when the query or the view changes, not on every new line.
  }, [re, task]); // eslint-disable-line react-hooks/exhaustive-deps
  // A selection belongs to the view it was made in.
  useEffect(() => setSelection(undefined), [task]);

  const jumpToError = (): void => {
    const hit = store.search(ERROR_LINE, { limitLines: 1, ...(lines.sources ? { sources: lines.sources } : {}) }).lines[0];
    if (hit === undefined) setNotice('No line looks like an error.');
    else {
      setNotice(undefined);
      setSelection({ anchor: hit, end: hit });
      jumpTo(hit);
    }
  };

  const selected = selection ? [Math.min(selection.anchor, selection.end), Math.max(selection.anchor, selection.end)] : undefined;
  const copy = async (): Promise<void> => {
    if (!selected) return;
    const text = linesText(store, lines, lines.row(selected[0]!), lines.row(selected[1]!));
    try {
      await navigator.clipboard.writeText(text.join('\n'));
      setNotice(`Copied ${text.length} line${text.length === 1 ? '' : 's'}.`);
    } catch {
      setNotice('The clipboard is not available here.');
    }
  };

  const currentLine = matchLines?.[current];
  const reconnectedAt = useMemo(() => new Set(model.reconnects), [model.reconnects.length]); // eslint-disable-line react-hooks/exhaustive-deps
  const searchSummary = !query ? '' : compiled && !compiled.ok ? compiled.error : result ? (result.count ? `${current + 1} of ${result.lines.length} lines · ${result.count} matches` : 'No matches') : '';

  return (
    <div className="logv">
      <div className="logv__bar" role="toolbar" aria-label="Log tools">
        <input
          className="logv__search"
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
          }}
        />
        <label className="logv__toggle">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> .*
        </label>
        <label className="logv__toggle">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> Aa
        </label>
        <button type="button" onClick={() => step(-1)} disabled={!matchLines?.length} aria-label="Previous match">
          ↑
        </button>
        <button type="button" onClick={() => step(1)} disabled={!matchLines?.length} aria-label="Next match">
          ↓
        </button>
        <span className="logv__count" data-testid="log-search-summary" role="status">
          {searchSummary}
        </span>
        <span className="logv__spacer" />
        <button type="button" onClick={jumpToError}>
          First error
        </button>
        <label className="logv__toggle">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label className="logv__toggle">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap
        </label>
        <label className="logv__toggle">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" onClick={() => void copy()} disabled={!selected}>
          Copy lines
        </button>
        <button type="button" onClick={() => void downloadLog(store, lines, fileName).catch((err: Error) => setNotice(err.message))}>
          Download
        </button>
      </div>
      {notice && (
        <div className="logv__notice" role="status">
          {notice}
        </div>
      )}
      <LogStates model={model} {...(task !== undefined ? { task } : {})} />
      <div ref={scrollRef} className={`logv__body${wrap ? ' logv__body--wrap' : ''}`} onScroll={onScroll} data-testid="log-body" role="log" aria-label="Log lines">
        {count === 0 && <div className="logv__empty">No lines yet.</div>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const i = lines.line(vi.index);
            const plain = store.line(i);
            const ranges = re ? matchRanges(plain, re) : [];
            const isSel = selected && i >= selected[0]! && i <= selected[1]!;
            const src = !showSource ? undefined : task !== undefined ? model.stepLabels[store.source(i)] : store.sourceName(store.source(i));
            return (
              <div
                key={vi.key}
                data-index={vi.index}
                ref={wrap ? v.measureElement : undefined}
                className={`logv__row${isSel ? ' logv__row--selected' : ''}${i === currentLine ? ' logv__row--current' : ''}`}
                style={{ transform: `translateY(${vi.start}px)`, ...(wrap ? {} : { height: ROW }) }}
                data-line={i}
              >
                <button
                  type="button"
                  className="logv__num"
                  tabIndex={-1}
                  onClick={(e) => setSelection((s) => (e.shiftKey && s ? { anchor: s.anchor, end: i } : { anchor: i, end: i }))}
                >
                  {i + 1}
                </button>
                {timestamps && <span className="logv__time">{formatTime(store.timeMs(i))}</span>}
                {src && <span className="logv__src">[{src}]</span>}
                {reconnectedAt.has(i) && (
                  <span className="logv__reconnected" title="The stream broke and was resumed here; no line was lost or repeated.">
                    ↻ reconnected
                  </span>
                )}
                <span className="logv__text">
                  <LogLineText raw={store.rawLine(i)} ranges={ranges} {...(i === currentLine ? { currentRange: 0 } : {})} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
