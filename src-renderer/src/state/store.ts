// The renderer's one store, built from typed slices; components read it through the hooks in selectors.ts.
import { create } from 'zustand';
import { createLayoutSlice, type LayoutSlice } from './layout-slice';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createPaletteSlice, type PaletteSlice } from './palette-slice';

/** Everything in the renderer store. */
export type AppState = LayoutSlice & ConnectionSlice & SettingsSlice & NoticesSlice & PaletteSlice;

/** The store hook; prefer the selector hooks in selectors.ts inside components. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createLayoutSlice(...a),
  ...createConnectionSlice(...a),
  ...createSettingsSlice(...a),
  ...createNoticesSlice(...a),
  ...createPaletteSlice(...a),
}));

/** The store's actions, for code outside React (bridge, commands). */
export const appActions = (): AppState => useAppStore.getState();

/** Restores the initial state (tests). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
