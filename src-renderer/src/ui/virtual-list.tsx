// The one virtualized list/table for long lists (> ~200 rows): fixed row height, only visible rows in the DOM.
import { useRef, type CSSProperties, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import './virtual-list.css';

/** A column of a VirtualTable. */
export interface Column<R> {
  readonly key: string;
  readonly title: string;
  /** CSS grid track, e.g. "minmax(160px, 2fr)" or "80px". */
  readonly width: string;
  readonly render: (row: R) => ReactNode;
  readonly sortable?: boolean;
  readonly align?: 'start' | 'end';
}

/** Sort state of a table (controlled by the owner). */
export interface SortState {
  readonly key: string;
  readonly dir: 'asc' | 'desc';
}

/** Props of VirtualList. */
export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly itemKey: (item: T, index: number) => string;
  readonly renderItem: (item: T, index: number) => ReactNode;
  readonly rowHeight?: number;
  readonly overscan?: number;
  readonly className?: string;
  readonly ariaLabel: string;
  readonly empty?: ReactNode;
}

/** A virtualized vertical list. */
export function VirtualList<T>({ items, itemKey, renderItem, rowHeight = 28, overscan = 10, className, ariaLabel, empty }: VirtualListProps<T>): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders on scroll itself
  const v = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan, initialRect: { width: 0, height: 600 } });
  return (
    <div ref={scrollRef} className={`vlist ${className ?? ''}`} role="list" aria-label={ariaLabel}>
      {items.length === 0 && empty}
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => (
          <div key={itemKey(items[vi.index]!, vi.index)} role="listitem" className="vlist__item" style={{ transform: `translateY(${vi.start}px)`, height: rowHeight }}>
            {renderItem(items[vi.index]!, vi.index)}
          </div>
        ))}
      </div>
    </div>
  );
}

/** Props of VirtualTable. */
export interface VirtualTableProps<R> {
  readonly rows: readonly R[];
  readonly columns: readonly Column<R>[];
  readonly rowKey: (row: R) => string;
  readonly ariaLabel: string;
  readonly sort?: SortState;
  readonly onSortChange?: (sort: SortState) => void;
  readonly selectedKey?: string;
  readonly onRowActivate?: (row: R) => void;
  /** Extra class per row (e.g. warnings). */
  readonly rowClass?: (row: R) => string | undefined;
  readonly rowHeight?: number;
  readonly overscan?: number;
  /** Shown instead of rows when there are none. */
  readonly empty?: ReactNode;
}

/** A virtualized, sortable table (ARIA grid): header stays put, rows scroll; arrow keys move the selection. */
export function VirtualTable<R>({
  rows,
  columns,
  rowKey,
  ariaLabel,
  sort,
  onSortChange,
  selectedKey,
  onRowActivate,
  rowClass,
  rowHeight = 28,
  overscan = 12,
  empty,
}: VirtualTableProps<R>): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders on scroll itself
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan, initialRect: { width: 0, height: 800 } });
  const template: CSSProperties = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };
  const selectedIndex = selectedKey === undefined ? -1 : rows.findIndex((r) => rowKey(r) === selectedKey);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!onRowActivate || rows.length === 0) return;
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    if (step === 0 && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + step));
    onRowActivate(rows[next]!);
    v.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div className="vtable" role="grid" aria-label={ariaLabel} aria-rowcount={rows.length + 1}>
      <div className="vtable__head" role="row" aria-rowindex={1} style={template}>
        {columns.map((c) => {
          const active = sort?.key === c.key;
          const ariaSort = active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none';
          return (
            <div key={c.key} role="columnheader" aria-sort={c.sortable ? ariaSort : undefined} className={`vtable__th${c.align === 'end' ? ' vtable__cell--end' : ''}`}>
              {c.sortable && onSortChange ? (
                <button
                  type="button"
                  className="vtable__sort"
                  onClick={() => onSortChange({ key: c.key, dir: active && sort!.dir === 'asc' ? 'desc' : 'asc' })}
                >
                  {c.title}
                  <span aria-hidden="true" className="vtable__sort-mark">
                    {active ? (sort!.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.title
              )}
            </div>
          );
        })}
      </div>
      <div ref={scrollRef} className="vtable__body" tabIndex={0} onKeyDown={onKeyDown} data-testid="vtable-body">
        {rows.length === 0 && empty}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const row = rows[vi.index]!;
            const key = rowKey(row);
            const extra = rowClass?.(row);
            const selected = key === selectedKey;
            return (
              <div
                key={key}
                role="row"
                aria-rowindex={vi.index + 2}
                aria-selected={selected}
                data-key={key}
                className={`vtable__row${selected ? ' vtable__row--selected' : ''}${extra ? ` ${extra}` : ''}`}
                style={{ ...template, transform: `translateY(${vi.start}px)`, height: rowHeight }}
                onClick={() => onRowActivate?.(row)}
              >
                {columns.map((c) => (
                  <div key={c.key} role="gridcell" className={`vtable__cell${c.align === 'end' ? ' vtable__cell--end' : ''}`}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
