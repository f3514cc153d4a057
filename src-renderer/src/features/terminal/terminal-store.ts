// Which terminals the dock shows, their titles and states. Terminal output never goes through here (xterm owns it).
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { TerminalBinding, TerminalInfo } from '../../../../src-shared/contract/terminal';

/** A dock tab for one terminal. */
export interface TerminalTab {
  readonly id: string;
  readonly title: string;
  readonly kind: TerminalInfo['kind'];
  /** The cluster and namespace a local terminal was opened for (it never changes afterwards). */
  readonly binding?: TerminalBinding;
  /** Set when the process ended: code and words. */
  readonly exitText?: string;
}

interface TerminalState {
  readonly tabs: readonly TerminalTab[];
  readonly activeId: string | undefined;
  /** A second terminal shown beside the active one. */
  readonly splitId: string | undefined;
  /** Why the last terminal could not be opened. */
  readonly problem: string | undefined;
}

const useTerminalStore = create<TerminalState>()(() => ({ tabs: [], activeId: undefined, splitId: undefined, problem: undefined }));

const set = useTerminalStore.setState;

/** Store actions, named for what happened. */
export const terminalActions = {
  terminalOpened(info: TerminalInfo, options: { split?: boolean } = {}): void {
    set((s) => {
      if (s.tabs.some((t) => t.id === info.id)) return { activeId: info.id, problem: undefined };
      const tab: TerminalTab = {
        id: info.id,
        title: info.title,
        kind: info.kind,
        ...(info.binding ? { binding: info.binding } : {}),
        ...(info.exit ? { exitText: exitText(info.exit) } : {}),
      };
      return options.split && s.activeId
        ? { tabs: [...s.tabs, tab], splitId: info.id, problem: undefined }
        : { tabs: [...s.tabs, tab], activeId: info.id, problem: undefined };
    });
  },
  terminalActivated(id: string): void {
    set((s) => (s.splitId === id ? { activeId: id, splitId: s.activeId } : { activeId: id }));
  },
  terminalRenamed(id: string, title: string): void {
    set((s) => ({ tabs: s.tabs.map((t) => (t.id === id ? { ...t, title } : t)) }));
  },
  terminalExited(id: string, exit: NonNullable<TerminalInfo['exit']>): void {
    set((s) => ({ tabs: s.tabs.map((t) => (t.id === id ? { ...t, exitText: exitText(exit) } : t)) }));
  },
  terminalClosed(id: string): void {
    set((s) => {
      const at = s.tabs.findIndex((t) => t.id === id);
      if (at < 0) return s;
      const tabs = s.tabs.filter((t) => t.id !== id);
      const splitId = s.splitId === id ? undefined : s.splitId;
      if (s.activeId !== id) return { tabs, splitId };
      const next = splitId ?? tabs[Math.min(at, tabs.length - 1)]?.id;
      return { tabs, activeId: next, splitId: next === splitId ? undefined : splitId };
    });
  },
  splitClosed(): void {
    set({ splitId: undefined });
  },
  openFailed(problem: string): void {
    set({ problem });
  },
  /** Tests. */
  reset(): void {
    set(useTerminalStore.getInitialState(), true);
  },
};

/** The one line shown when a process ended. */
export function exitText(exit: NonNullable<TerminalInfo['exit']>): string {
  if (exit.message) return exit.message;
  if (exit.signal) return `Ended by ${exit.signal}.`;
  return `Exited with code ${exit.code ?? '?'}.`;
}

/** The dock's terminal tabs. */
export const useTerminalTabs = (): readonly TerminalTab[] => useTerminalStore((s) => s.tabs);
/** Active and split terminal ids. */
export const useTerminalLayout = () => useTerminalStore(useShallow((s) => ({ activeId: s.activeId, splitId: s.splitId })));
/** Why opening a terminal failed, if it did. */
export const useTerminalProblem = (): string | undefined => useTerminalStore((s) => s.problem);
/** The state right now (commands outside React). */
export const terminalState = (): TerminalState => useTerminalStore.getState();
