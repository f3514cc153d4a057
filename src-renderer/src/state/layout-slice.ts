// Layout state: open tabs, the active tab, the dock and the sidebar.
import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** One open tab in the main area: an instance of a registered main view. */
export interface Tab {
  readonly id: string;
  readonly viewId: string;
  readonly title: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The view a tab is opened for, as its registration describes it. */
export interface OpenableView {
  readonly id: string;
  readonly title: string;
  /** At most one tab: opening it again focuses that tab and hands it the new params. */
  readonly singleton?: boolean;
}

/** What `viewOpened` accepts besides the view. */
export interface OpenViewOptions {
  readonly title?: string;
  readonly params?: Readonly<Record<string, string>>;
  /** Open a second tab even when one for the same view and params exists (never for a singleton view). */
  readonly newTab?: boolean;
}

export interface LayoutSlice {
  readonly tabs: readonly Tab[];
  /** Undefined shows the start page. */
  readonly activeTabId: string | undefined;
  readonly isDockOpen: boolean;
  readonly dockPanelId: string | undefined;
  readonly dockHeight: number;
  readonly isSidebarOpen: boolean;
  viewOpened(view: OpenableView, options?: OpenViewOptions): string;
  tabActivated(tabId: string | undefined): void;
  tabClosed(tabId: string): void;
  tabRetitled(tabId: string, title: string): void;
  tabMoved(tabId: string, toIndex: number): void;
  dockToggled(open?: boolean): void;
  dockPanelSelected(panelId: string): void;
  dockResized(height: number): void;
  sidebarToggled(open?: boolean): void;
  backToStart(): void;
}

/** Bounds of the dock height in pixels. */
export const DOCK_MIN_HEIGHT = 120;
export const DOCK_MAX_HEIGHT = 900;

let tabCounter = 0;

const sameParams = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** Creates the layout slice. */
export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set, get) => ({
  tabs: [],
  activeTabId: undefined,
  isDockOpen: false,
  dockPanelId: undefined,
  dockHeight: 260,
  isSidebarOpen: true,

  viewOpened(view, options = {}) {
    const params = options.params ?? {};
    if (view.singleton) {
      const open = get().tabs.find((t) => t.viewId === view.id);
      if (open) {
        const tab: Tab = { ...open, params: sameParams(open.params, params) ? open.params : params, title: options.title ?? open.title };
        set((s) => ({ tabs: s.tabs.map((t) => (t.id === open.id ? tab : t)), activeTabId: open.id }));
        return open.id;
      }
    }
    const existing = options.newTab ? undefined : get().tabs.find((t) => t.viewId === view.id && sameParams(t.params, params));
    if (existing) {
      set({ activeTabId: existing.id });
      return existing.id;
    }
    const tab: Tab = { id: `tab-${++tabCounter}`, viewId: view.id, title: options.title ?? view.title, params };
    set((s) => ({ tabs: [...s.tabs, tab], activeTabId: tab.id }));
    return tab.id;
  },

  tabActivated(tabId) {
    if (tabId === undefined || get().tabs.some((t) => t.id === tabId)) set({ activeTabId: tabId });
  },

  tabClosed(tabId) {
    set((s) => {
      const index = s.tabs.findIndex((t) => t.id === tabId);
      if (index < 0) return s;
      const tabs = s.tabs.filter((t) => t.id !== tabId);
      // Closing the active tab activates its right neighbour, else the left one, else the start page.
      const activeTabId = s.activeTabId === tabId ? (tabs[index] ?? tabs[index - 1])?.id : s.activeTabId;
      return { tabs, activeTabId };
    });
  },

  tabRetitled(tabId, title) {
    set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId && t.title !== title ? { ...t, title } : t)) }));
  },

  tabMoved(tabId, toIndex) {
    set((s) => {
      const from = s.tabs.findIndex((t) => t.id === tabId);
      if (from < 0) return s;
      const tabs = [...s.tabs];
      const [tab] = tabs.splice(from, 1);
      tabs.splice(Math.max(0, Math.min(toIndex, tabs.length)), 0, tab!);
      return { tabs };
    });
  },

  dockToggled(open) {
    set((s) => ({ isDockOpen: open ?? !s.isDockOpen }));
  },

  dockPanelSelected(panelId) {
    set({ dockPanelId: panelId, isDockOpen: true });
  },

  dockResized(height) {
    set({ dockHeight: Math.round(Math.max(DOCK_MIN_HEIGHT, Math.min(DOCK_MAX_HEIGHT, height))) });
  },

  sidebarToggled(open) {
    set((s) => ({ isSidebarOpen: open ?? !s.isSidebarOpen }));
  },

  backToStart() {
    set({ activeTabId: undefined });
  },
});
