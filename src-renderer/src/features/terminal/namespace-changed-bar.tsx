// Shown when the app's cluster or namespace changed while a bound terminal is active: offers a new terminal.
import { useState, type ReactElement } from 'react';
import { useOverview } from '../clusters/overview-store';
import type { TerminalTab } from './terminal-store';

/** The app switched cluster or namespace: a running terminal keeps its own; offer a new one instead. */
export function NamespaceChangedBar({ tab, onOpenNew }: { tab: TerminalTab | undefined; onOpenNew: () => void }): ReactElement | null {
  const overview = useOverview();
  const [dismissed, setDismissed] = useState<string | undefined>();
  const entry = overview?.clusters.find((c) => c.context === overview.currentContext);
  if (!tab?.binding || !entry || tab.exitText) return null;
  const now = `${entry.context}/${entry.namespace || 'default'}`;
  const was = `${tab.binding.context}/${tab.binding.namespace ?? 'default'}`;
  if (now === was || dismissed === `${tab.id}:${now}`) return null;
  return (
    <div className="terminal-panel__confirm" role="status">
      <span>
        The app now works in <code>{now}</code>; this terminal stays in <code>{was}</code>.
      </span>
      <button type="button" className="btn btn--primary" onClick={onOpenNew}>
        Open a terminal for {now}
      </button>
      <button type="button" className="btn" onClick={() => setDismissed(`${tab.id}:${now}`)}>
        Keep this one
      </button>
    </div>
  );
}

