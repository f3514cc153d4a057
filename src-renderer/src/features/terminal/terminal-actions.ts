// Opening, adopting and closing terminals: host calls plus the store and the xterm instances they need.
import type { PodShellTarget, TerminalBinding } from '../../../../src-shared/contract/terminal';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import { appActions } from '../../state/store';
import { currentOverview } from '../clusters/overview-store';
import { TerminalConnection, type TerminalLooks } from './terminal-connection';
import { terminalActions, terminalState } from './terminal-store';

const connections = new Map<string, TerminalConnection>();
let looks: TerminalLooks = { fontSize: 13, scrollback: 5000, theme: {}, renderer: 'webgl' };

/** The xterm side of a terminal, created on first use. */
export function connectionOf(id: string): TerminalConnection {
  let c = connections.get(id);
  if (!c) {
    c = new TerminalConnection(id, looks);
    connections.set(id, c);
  }
  return c;
}

/** Applies font, scrollback and colors to every terminal. */
export function looksChanged(next: TerminalLooks): void {
  looks = next;
  for (const c of connections.values()) c.setLooks(next);
}

/** The current cluster and its namespace, when there is one. */
export function currentBinding(): TerminalBinding | undefined {
  const o = currentOverview();
  const entry = o?.clusters.find((c) => c.context === o.currentContext);
  return entry ? { context: entry.context, ...(entry.namespace ? { namespace: entry.namespace } : {}) } : undefined;
}

/** Opens a terminal in the dock: local (bound to `binding` when given) or a pod shell. */
export async function openTerminal(options: { binding?: TerminalBinding | undefined; pod?: PodShellTarget; split?: boolean } = {}): Promise<string | undefined> {
  appActions().dockPanelSelected('terminal');
  try {
    const info = await host().terminal.create({
      cols: 80,
      rows: 24,
      ...(options.binding ? { binding: options.binding } : {}),
      ...(options.pod ? { pod: options.pod } : {}),
    });
    connectionOf(info.id);
    terminalActions.terminalOpened(info, { split: options.split ?? false });
    return info.id;
  } catch (err) {
    terminalActions.openFailed(describeError(err));
    return undefined;
  }
}

/** Shows terminals the host kept for this window (a reload or a reconnect). */
export async function adoptTerminals(): Promise<void> {
  try {
    const alive = await host().terminal.list({});
    for (const info of alive) if (!terminalState().tabs.some((t) => t.id === info.id)) {
      connectionOf(info.id);
      terminalActions.terminalOpened(info);
    }
  } catch {
    // the host is not reachable; the panel offers to open a new terminal
  }
}

/** Programs running in the terminal besides its shell (the UI asks before closing them). */
export async function runningPrograms(id: string): Promise<readonly string[]> {
  try {
    return (await host().terminal.busy({ id })).processes;
  } catch {
    return [];
  }
}

/** Ends the terminal's process and removes its tab. */
export async function closeTerminal(id: string): Promise<void> {
  connections.get(id)?.dispose();
  connections.delete(id);
  terminalActions.terminalClosed(id);
  await host()
    .terminal.close({ id })
    .catch(() => undefined);
}

/** Renames a terminal's tab. */
export async function renameTerminal(id: string, title: string): Promise<void> {
  terminalActions.terminalRenamed(id, title);
  await host()
    .terminal.rename({ id, title })
    .catch(() => undefined);
}

/** Drops every xterm (page unload, tests); the host keeps the processes for its reconnect window. */
export function disposeTerminalConnections(): void {
  for (const c of connections.values()) c.dispose();
  connections.clear();
}
