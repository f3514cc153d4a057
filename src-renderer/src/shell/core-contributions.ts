// What the shell itself contributes through the registry: settings and notices views, terminal and logs
// placeholders (features replace them by registering the same ids), and the built-in commands.
import { appActions } from '../state/store';
import { resolveTheme, oppositeTheme } from './theme';
import { updateSettings } from '../bridge/settings-actions';
import { registerCommand, registerDockPanel, registerMainView, type Unregister } from './view-registry';
import { openView } from './navigation';
import { lazyView } from './lazy-view';

const SettingsView = lazyView(() => import('./views/settings-view').then((m) => m.SettingsView));
const NoticesView = lazyView(() => import('./views/notices-view').then((m) => m.NoticesView));
const LogsPlaceholder = lazyView(() => import('./views/dock-placeholders').then((m) => m.LogsPlaceholder));

const state = () => appActions();
const effectiveTheme = () => resolveTheme(state().settings?.theme, state().isOsDark);
const focusRegion = (selector: string): void => {
  const el = document.querySelector<HTMLElement>(selector);
  (el?.querySelector<HTMLElement>('[tabindex="0"], button, input') ?? el)?.focus();
};

/** Registers the shell's own views, panels and commands; returns one disposer for all. */
export function registerCoreContributions(): Unregister {
  const disposers: Unregister[] = [
    registerMainView({ id: 'settings', title: 'Settings', icon: 'settings', component: SettingsView, order: 900, description: 'Theme, font sizes' }),
    registerMainView({ id: 'notices', title: 'Notices', icon: 'bell', component: NoticesView, order: 910, hidden: true }),
    registerDockPanel({ id: 'logs', title: 'Logs', icon: 'logs', component: LogsPlaceholder, order: 20 }),

    registerCommand({ id: 'palette.open', title: 'Show all commands', category: 'Go', keybinding: 'Mod+K', run: () => (state().isPaletteOpen ? state().paletteClosed() : state().paletteOpened()) }),
    registerCommand({ id: 'theme.toggle', title: 'Toggle light/dark', category: 'Theme', keywords: ['dark', 'light', 'appearance'], run: () => void updateSettings({ theme: oppositeTheme(effectiveTheme()) }) }),
    registerCommand({ id: 'theme.dark', title: 'Dark', category: 'Theme', run: () => void updateSettings({ theme: 'dark' }) }),
    registerCommand({ id: 'theme.light', title: 'Light', category: 'Theme', run: () => void updateSettings({ theme: 'light' }) }),
    registerCommand({ id: 'theme.system', title: 'Follow the system', category: 'Theme', keywords: ['os', 'auto'], run: () => void updateSettings({ theme: 'system' }) }),

    registerCommand({ id: 'view.toggleDock', title: 'Toggle bottom panel', category: 'View', keybinding: 'Mod+J', keywords: ['dock'], run: () => state().dockToggled() }),
    registerCommand({ id: 'view.toggleSidebar', title: 'Toggle sidebar', category: 'View', keybinding: 'Mod+B', run: () => state().sidebarToggled() }),
    registerCommand({ id: 'dock.terminal', title: 'Show terminal', category: 'View', keybinding: 'Ctrl+`', run: () => state().dockPanelSelected('terminal') }),
    registerCommand({ id: 'dock.logs', title: 'Show logs', category: 'View', run: () => state().dockPanelSelected('logs') }),
    registerCommand({ id: 'view.focusSidebar', title: 'Focus sidebar', category: 'View', run: () => focusRegion('.sidebar') }),
    registerCommand({ id: 'view.focusMain', title: 'Focus main area', category: 'View', run: () => focusRegion('#main') }),

    registerCommand({ id: 'go.start', title: 'Start page', category: 'Go', keywords: ['home', 'welcome'], run: () => state().backToStart() }),
    registerCommand({ id: 'tabs.close', title: 'Close tab', category: 'Tabs', keybinding: 'Alt+W', when: () => state().activeTabId !== undefined, run: () => state().tabClosed(state().activeTabId!) }),
    registerCommand({ id: 'tabs.next', title: 'Next tab', category: 'Tabs', keybinding: 'Alt+]', when: () => state().tabs.length > 0, run: () => cycleTab(1) }),
    registerCommand({ id: 'tabs.previous', title: 'Previous tab', category: 'Tabs', keybinding: 'Alt+[', when: () => state().tabs.length > 0, run: () => cycleTab(-1) }),
    registerCommand({ id: 'tabs.closeAll', title: 'Close all tabs', category: 'Tabs', when: () => state().tabs.length > 0, run: () => state().tabs.forEach((t) => state().tabClosed(t.id)) }),

    registerCommand({ id: 'notices.show', title: 'Show notices', category: 'Notices', run: () => void openView('notices') }),
    registerCommand({ id: 'notices.dismissAll', title: 'Dismiss all notices', category: 'Notices', run: () => state().allNoticesDismissed() }),
    registerCommand({ id: 'settings.open', title: 'Open settings', category: 'Preferences', keybinding: 'Mod+,', run: () => void openView('settings') }),
    registerCommand({ id: 'window.reload', title: 'Reload window', category: 'Developer', run: () => location.reload() }),
  ];
  return () => disposers.forEach((d) => d());
}

function cycleTab(delta: number): void {
  const { tabs, activeTabId } = state();
  // The start page counts as position -1 so cycling passes through it.
  const positions = [undefined, ...tabs.map((t) => t.id)];
  const at = positions.indexOf(activeTabId);
  state().tabActivated(positions[(at + delta + positions.length) % positions.length]);
}
