// Selector hooks: the only way components read the store.
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from './store';
import type { Tab } from './layout-slice';
import type { ReceivedNotice } from './notices-slice';
import { resolveTheme, type EffectiveTheme } from '../shell/theme';

/** Open tabs in order. */
export const useTabs = (): readonly Tab[] => useAppStore((s) => s.tabs);
/** The active tab, or undefined on the start page. */
export const useActiveTab = (): Tab | undefined =>
  useAppStore((s) => s.tabs.find((t) => t.id === s.activeTabId));
/** The active tab's id. */
export const useActiveTabId = (): string | undefined => useAppStore((s) => s.activeTabId);
/** Dock state as one object (shallow-compared). */
export const useDock = (): { isOpen: boolean; panelId: string | undefined; height: number } =>
  useAppStore(useShallow((s) => ({ isOpen: s.isDockOpen, panelId: s.dockPanelId, height: s.dockHeight })));
/** Whether the sidebar is shown. */
export const useIsSidebarOpen = (): boolean => useAppStore((s) => s.isSidebarOpen);

/** Host connection status. */
export const useConnection = () =>
  useAppStore(useShallow((s) => ({ status: s.connection, problem: s.connectionProblem })));
/** Facts about the app from the host (undefined until connected once). */
export const useAppInfo = () => useAppStore((s) => s.appInfo);

/** The desktop app's self-update state (undefined until the host said). */
export const useUpdateState = () => useAppStore((s) => s.update);

/** The host's settings (undefined until received). */
export const useSettings = () => useAppStore((s) => s.settings);
/** The theme in effect now. */
export const useEffectiveTheme = (): EffectiveTheme => useAppStore((s) => resolveTheme(s.settings?.theme, s.isOsDark));

/** All notices kept, oldest first. */
export const useNotices = (): readonly ReceivedNotice[] => useAppStore((s) => s.notices);
/** Notices not yet dismissed, oldest first. */
export const useUndismissedNotices = (): readonly ReceivedNotice[] =>
  useAppStore(useShallow((s) => s.notices.filter((n) => !s.dismissedNoticeKeys.has(n.key))));

/** Whether the command palette is open. */
export const useIsPaletteOpen = (): boolean => useAppStore((s) => s.isPaletteOpen);
/** Recently run command ids, newest first. */
export const useRecentCommandIds = (): readonly string[] => useAppStore((s) => s.recentCommandIds);
