// The command palette (Ctrl/Cmd+K): fuzzy filter, arrow keys + Enter to run, Escape to close.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useIsPaletteOpen, useRecentCommandIds } from '../state/selectors';
import { appActions } from '../state/store';
import { useCommands, useMainViews } from './view-registry';
import { buildPaletteItems, filterPaletteItems, paletteText, type PaletteResult } from './palette-items';
import { executeCommand, openView } from './navigation';
import { Kbd } from '../ui/kbd';
import { Icon } from '../ui/icon';

const MAX_ROWS = 200;

/** The palette dialog; renders nothing while closed. */
export function CommandPalette(): ReactElement | null {
  const isOpen = useIsPaletteOpen();
  return isOpen ? <PaletteDialog /> : null;
}

function PaletteDialog(): ReactElement {
  const commands = useCommands();
  const views = useMainViews();
  const recent = useRecentCommandIds();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const listId = useId();

  const items = useMemo(() => buildPaletteItems(commands, views), [commands, views]);
  const results = useMemo(() => filterPaletteItems(query, items, recent).slice(0, MAX_ROWS), [query, items, recent]);
  const active = Math.min(selected, Math.max(0, results.length - 1));

  useEffect(() => {
    returnFocusTo.current = document.activeElement;
    inputRef.current?.focus();
    return () => {
      // Give focus back unless the command moved it somewhere on purpose.
      const el = returnFocusTo.current;
      if ((document.activeElement === document.body || !document.activeElement) && el instanceof HTMLElement) el.focus();
    };
  }, []);

  // A modal dialog keeps focus: anything that grabs it while the palette is open (a terminal starting) gives it back.
  useEffect(() => {
    const keepFocus = (e: FocusEvent): void => {
      if (e.target instanceof Node && dialogRef.current?.contains(e.target)) return;
      inputRef.current?.focus();
    };
    document.addEventListener('focusin', keepFocus);
    return () => document.removeEventListener('focusin', keepFocus);
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = (): void => appActions().paletteClosed();

  const run = (result: PaletteResult | undefined): void => {
    if (!result) return;
    close();
    const { item } = result;
    if (item.viewId) {
      appActions().commandRan(item.commandId);
      openView(item.viewId);
    } else {
      void executeCommand(item.commandId);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const move = (delta: number): void => {
      e.preventDefault();
      if (results.length) setSelected((active + delta + results.length) % results.length);
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(1);
      case 'ArrowUp':
        return move(-1);
      case 'PageDown':
        return move(8);
      case 'PageUp':
        return move(-8);
      case 'Home':
        if (e.ctrlKey) return move(-active);
        return;
      case 'End':
        if (e.ctrlKey) return move(results.length - 1 - active);
        return;
      case 'Enter':
        e.preventDefault();
        return run(results[active]);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        return close();
      case 'Tab':
        // Focus stays in the dialog: the input is its only tab stop.
        e.preventDefault();
        return;
    }
  };

  const optionId = (i: number): string => `${listId}-opt-${i}`;

  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={dialogRef} className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onKeyDown={onKeyDown}>
        <div className="palette__input-row">
          <Icon name="search" />
          <input
            ref={inputRef}
            className="palette__input"
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={results.length ? optionId(active) : undefined}
            aria-label="Type a command"
            placeholder="Type a command or view name…"
            spellCheck={false}
            autoComplete="off"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setSelected(0);
            }}
          />
          <Kbd binding="Escape" />
        </div>
        <ul ref={listRef} id={listId} className="palette__list" role="listbox" aria-label="Commands">
          {results.map((r, i) => (
            <li
              key={r.item.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'palette__item palette__item--active' : 'palette__item'}
              onMouseMove={() => i !== active && setSelected(i)}
              onClick={() => run(r)}
            >
              <span className="palette__label">
                <Highlighted text={paletteText(r.item)} positions={r.match.positions} categoryLength={r.item.category ? r.item.category.length + 2 : 0} />
              </span>
              {r.item.keybinding && <Kbd binding={r.item.keybinding} />}
            </li>
          ))}
        </ul>
        {results.length === 0 && (
          <p className="palette__empty" role="status">
            No command matches “{query}”. Try fewer letters.
          </p>
        )}
      </div>
    </div>
  );
}

function Highlighted({ text, positions, categoryLength }: { text: string; positions: readonly number[]; categoryLength: number }): ReactElement {
  const marks = new Set(positions);
  const parts: ReactElement[] = [];
  for (let i = 0; i < text.length; ) {
    const isMark = marks.has(i);
    let j = i;
    while (j < text.length && marks.has(j) === isMark && (j !== categoryLength || j === i)) j++;
    const chunk = text.slice(i, j);
    const inCategory = i < categoryLength;
    parts.push(
      isMark ? (
        <mark key={i} className={inCategory ? 'palette__category' : undefined}>
          {chunk}
        </mark>
      ) : (
        <span key={i} className={inCategory ? 'palette__category' : undefined}>
          {chunk}
        </span>
      ),
    );
    i = j;
  }
  return <>{parts}</>;
}
