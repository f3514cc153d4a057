// The dock's terminal panel: a tab per terminal (rename, close that asks while a program runs), new, split, search.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { DockPanelProps } from '../../shell/view-registry';
import { useEffectiveTheme, useSettings } from '../../state/selectors';
import { Icon } from '../../ui/icon';
import { NamespaceChangedBar } from './namespace-changed-bar';
import { adoptTerminals, closeTerminal, connectionOf, currentBinding, looksChanged, openTerminal, renameTerminal, runningPrograms } from './terminal-actions';
import { terminalActions, terminalState, useTerminalLayout, useTerminalProblem, useTerminalTabs, type TerminalTab } from './terminal-store';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';

let autoOpened = false;

/** The terminal dock panel. */
export function TerminalPanel(_props: DockPanelProps): ReactElement {
  const tabs = useTerminalTabs();
  const { activeId, splitId } = useTerminalLayout();
  const problem = useTerminalProblem();
  const [confirm, setConfirm] = useState<{ id: string; programs: readonly string[] } | undefined>();
  useTerminalLooks();

  useEffect(() => {
    if (autoOpened) return;
    autoOpened = true;
    void adoptTerminals().then(() => {
      if (terminalState().tabs.length === 0) void openTerminal({ binding: currentBinding() });
    });
  }, []);

  const askClose = async (id: string): Promise<void> => {
    const programs = await runningPrograms(id);
    if (programs.length === 0) return closeTerminal(id);
    setConfirm({ id, programs });
  };

  return (
    <div className="terminal-panel">
      <div className="terminal-panel__bar">
        <div className="terminal-panel__tabs" role="tablist" aria-label="Terminals">
          {tabs.map((t) => (
            <TerminalTabButton key={t.id} tab={t} isActive={t.id === activeId || t.id === splitId} onClose={() => void askClose(t.id)} />
          ))}
        </div>
        <SearchBox id={activeId} />
        <button type="button" className="icon-btn" aria-label="New terminal" title="New terminal for the current cluster and namespace" onClick={() => void openTerminal({ binding: currentBinding() })}>
          +
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label="Split terminal"
          title="Open a terminal beside this one"
          disabled={!activeId}
          onClick={() => void openTerminal({ binding: currentBinding(), split: true })}
        >
          <Icon name="sidebar" size={14} />
        </button>
      </div>
      {confirm && (
        <div className="terminal-panel__confirm" role="alertdialog" aria-label="Close terminal?">
          <span>
            <code>{confirm.programs.join(', ')}</code> {confirm.programs.length > 1 ? 'are' : 'is'} still running in this terminal.
          </span>
          <button type="button" className="btn btn--primary" onClick={() => (setConfirm(undefined), void closeTerminal(confirm.id))}>
            Close anyway
          </button>
          <button type="button" className="btn" onClick={() => setConfirm(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <NamespaceChangedBar tab={tabs.find((t) => t.id === activeId)} onOpenNew={() => void openTerminal({ binding: currentBinding() })} />
      {problem && (
        <div className="terminal-panel__problem" role="alert">
          {problem}
        </div>
      )}
      <div className="terminal-panel__views">
        {tabs.map((t) => (
          <TerminalView key={t.id} id={t.id} visible={t.id === activeId || t.id === splitId} />
        ))}
        {tabs.length === 0 && !problem && <p className="terminal-panel__empty">Opening a terminal…</p>}
      </div>
    </div>
  );
}

function TerminalTabButton({ tab, isActive, onClose }: { tab: TerminalTab; isActive: boolean; onClose: () => void }): ReactElement {
  const [editing, setEditing] = useState(false);
  const commit = (value: string): void => {
    setEditing(false);
    const title = value.trim();
    if (title && title !== tab.title) void renameTerminal(tab.id, title.slice(0, 200));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') commit(e.currentTarget.value);
    else if (e.key === 'Escape') setEditing(false);
  };
  return (
    <div className={isActive ? 'terminal-tab terminal-tab--active' : 'terminal-tab'} data-terminal-tab={tab.id} data-exited={tab.exitText ? 'true' : undefined}>
      {editing ? (
        <input className="terminal-tab__rename" aria-label="Terminal name" defaultValue={tab.title} autoFocus onKeyDown={onKeyDown} onBlur={(e) => commit(e.currentTarget.value)} />
      ) : (
        <button
          type="button"
          role="tab"
          aria-selected={isActive}
          className="terminal-tab__title"
          title={tab.exitText ?? `${tab.title} — double-click to rename`}
          onClick={() => terminalActionsActivate(tab.id)}
          onDoubleClick={() => setEditing(true)}
        >
          {tab.kind === 'pod' ? '⧉ ' : ''}
          {tab.title}
          {tab.exitText ? ' (ended)' : ''}
        </button>
      )}
      <button type="button" className="terminal-tab__close" aria-label={`Close ${tab.title}`} onClick={onClose}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}

function modalDialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

function terminalActionsActivate(id: string): void {
  terminalActions.terminalActivated(id);
  requestAnimationFrame(() => connectionOf(id).focus());
}

function TerminalView({ id, visible }: { id: string; visible: boolean }): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current!;
    const connection = connectionOf(id);
    connection.mount(el);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => connection.resize());
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [id]);
  useEffect(() => {
    // A terminal that appears (its host answered late) must not take focus from an open dialog such as the palette.
    if (visible) requestAnimationFrame(() => !modalDialogOpen() && connectionOf(id).focus());
  }, [id, visible]);
  return <div ref={ref} className="terminal-view" data-terminal-id={id} hidden={!visible} />;
}

function SearchBox({ id }: { id: string | undefined }): ReactElement {
  const [text, setText] = useState('');
  const find = (next: boolean): void => {
    if (!id || !text) return;
    const search = connectionOf(id).search;
    if (next) search.findNext(text);
    else search.findPrevious(text);
  };
  return (
    <input
      className="terminal-panel__search"
      type="search"
      placeholder="Find"
      aria-label="Find in terminal"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') find(!e.shiftKey);
      }}
    />
  );
}

/** Font size, scrollback and colors from settings and the theme. */
function useTerminalLooks(): void {
  const settings = useSettings();
  const theme = useEffectiveTheme();
  const fontSize = settings?.terminalFontSize ?? 13;
  const scrollback = settings?.terminalScrollback ?? 5000;
  const renderer = settings?.terminalRenderer ?? 'webgl';
  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const v = (name: string): string => css.getPropertyValue(name).trim();
    looksChanged({
      fontSize,
      scrollback,
      renderer,
      theme: { background: v('--bg'), foreground: v('--text'), cursor: v('--accent'), selectionBackground: v('--bg-active') },
    });
  }, [fontSize, scrollback, renderer, theme]);
}
