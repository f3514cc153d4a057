// The shell's extension point: features register views, sidebar sections, dock panels and commands here
// (from src-renderer/src/features/<feature>/index.ts) without editing the shell.
import type { ComponentType, ReactElement } from 'react';
import { create } from 'zustand';
import type { IconName } from '../ui/icon';

/** Removes a contribution again. */
export type Unregister = () => void;

/** Props every main view receives: its tab and the params it was opened with. */
export interface MainViewProps {
  readonly tabId: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A view that opens as a tab in the main area. Use `lazy(() => import('./my-view'))` so it loads on demand. */
export interface MainViewContribution {
  readonly id: string;
  readonly title: string;
  readonly icon?: IconName | ReactElement;
  readonly component: ComponentType<MainViewProps>;
  /** Lower sorts first in the sidebar's Views list and the start page (default 100). */
  readonly order?: number;
  /** One line for the start page and the palette. */
  readonly description?: string;
  /** Hidden views open only by command or code (default false). */
  readonly hidden?: boolean;
  /**
   * At most one tab (default false: a tab per distinct params). Opening it again, with any params, focuses that tab
   * and hands it the new params — for views whose params only select something inside them.
   */
  readonly singleton?: boolean;
}

/** A section in the left sidebar (e.g. the cluster list). */
export interface SidebarSectionContribution {
  readonly id: string;
  readonly title: string;
  readonly component: ComponentType;
  readonly order?: number;
}

/** Props every dock panel receives. */
export interface DockPanelProps {
  readonly panelId: string;
}

/** A panel in the bottom dock (terminal, logs…). Use `lazy(...)` for anything heavy. */
export interface DockPanelContribution {
  readonly id: string;
  readonly title: string;
  readonly icon?: IconName | ReactElement;
  readonly component: ComponentType<DockPanelProps>;
  readonly order?: number;
}

/** A command for the palette and, when it has one, a keyboard shortcut. */
export interface CommandContribution {
  readonly id: string;
  readonly title: string;
  /** Shown before the title, e.g. "View", "Theme", "Cluster". */
  readonly category?: string;
  /** `Mod` is Cmd on macOS and Ctrl elsewhere, e.g. "Mod+J", "Mod+Shift+P", "Alt+1". */
  readonly keybinding?: string;
  /** Also matched by the palette's filter. */
  readonly keywords?: readonly string[];
  /** Hides the command while false. */
  readonly when?: () => boolean;
  readonly run: () => void | Promise<void>;
}

/** An item in the status bar (e.g. who is signed in), left of the shell's own items; keep it small. */
export interface StatusBarItemContribution {
  readonly id: string;
  readonly component: ComponentType;
  readonly order?: number;
}

interface Registry {
  readonly mainViews: readonly MainViewContribution[];
  readonly sidebarSections: readonly SidebarSectionContribution[];
  readonly dockPanels: readonly DockPanelContribution[];
  readonly commands: readonly CommandContribution[];
  readonly statusBarItems: readonly StatusBarItemContribution[];
}

type Kind = keyof Registry;

const byOrder = (a: { order?: number }, b: { order?: number }): number => (a.order ?? 100) - (b.order ?? 100);

const useRegistry = create<Registry>()(() => ({ mainViews: [], sidebarSections: [], dockPanels: [], commands: [], statusBarItems: [] }));

// Registering an id that exists replaces the entry (a feature may replace a built-in placeholder);
// unregistering removes only the entry it added, so a replaced placeholder stays replaced.
function register<K extends Kind>(kind: K, item: Registry[K][number]): Unregister {
  useRegistry.setState((s) => {
    const list = s[kind] as readonly { id: string; order?: number }[];
    const next: { id: string; order?: number }[] = [...list.filter((x) => x.id !== item.id), item];
    return { [kind]: kind === 'commands' ? next : next.sort(byOrder) } as Partial<Registry>;
  });
  return () =>
    useRegistry.setState((s) => {
      const list = s[kind] as readonly unknown[];
      return list.includes(item) ? ({ [kind]: list.filter((x) => x !== item) } as Partial<Registry>) : s;
    });
}

/** Adds a main view (a tab type). */
export function registerMainView(view: MainViewContribution): Unregister {
  return register('mainViews', view);
}

/** Adds a sidebar section. */
export function registerSidebarSection(section: SidebarSectionContribution): Unregister {
  return register('sidebarSections', section);
}

/** Adds a dock panel. */
export function registerDockPanel(panel: DockPanelContribution): Unregister {
  return register('dockPanels', panel);
}

/** Adds a palette command. */
export function registerCommand(command: CommandContribution): Unregister {
  return register('commands', command);
}

/** Adds a status bar item. */
export function registerStatusBarItem(item: StatusBarItemContribution): Unregister {
  return register('statusBarItems', item);
}

/** Registered main views, by order. */
export const useMainViews = (): readonly MainViewContribution[] => useRegistry((s) => s.mainViews);
/** One main view, or undefined when no feature registered it. */
export const useMainView = (id: string | undefined): MainViewContribution | undefined =>
  useRegistry((s) => s.mainViews.find((v) => v.id === id));
/** Registered sidebar sections, by order. */
export const useSidebarSections = (): readonly SidebarSectionContribution[] => useRegistry((s) => s.sidebarSections);
/** Registered dock panels, by order. */
export const useDockPanels = (): readonly DockPanelContribution[] => useRegistry((s) => s.dockPanels);
/** Registered status bar items, by order. */
export const useStatusBarItems = (): readonly StatusBarItemContribution[] => useRegistry((s) => s.statusBarItems);
/** Registered commands, in registration order. */
export const useCommands = (): readonly CommandContribution[] => useRegistry((s) => s.commands);

/** Current contributions, for code outside React. */
export function getContributions(): Registry {
  return useRegistry.getState();
}

/** Finds a command by id. */
export function getCommand(id: string): CommandContribution | undefined {
  return useRegistry.getState().commands.find((c) => c.id === id);
}

/** Runs a registered command by id; resolves false when it does not exist or is unavailable. */
export async function runCommand(id: string): Promise<boolean> {
  const command = getCommand(id);
  if (!command || (command.when && !command.when())) return false;
  await command.run();
  return true;
}

/** Empties the registry (tests). */
export function resetViewRegistry(): void {
  useRegistry.setState(useRegistry.getInitialState(), true);
}
