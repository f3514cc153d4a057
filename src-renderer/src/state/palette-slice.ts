// The command palette: open or not, and which commands ran recently (listed first).
import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export interface PaletteSlice {
  readonly isPaletteOpen: boolean;
  readonly recentCommandIds: readonly string[];
  paletteOpened(): void;
  paletteClosed(): void;
  commandRan(commandId: string): void;
}

const MAX_RECENT = 8;

/** Creates the palette slice. */
export const createPaletteSlice: StateCreator<AppState, [], [], PaletteSlice> = (set) => ({
  isPaletteOpen: false,
  recentCommandIds: [],
  paletteOpened: () => set({ isPaletteOpen: true }),
  paletteClosed: () => set({ isPaletteOpen: false }),
  commandRan: (commandId) =>
    set((s) => ({ recentCommandIds: [commandId, ...s.recentCommandIds.filter((id) => id !== commandId)].slice(0, MAX_RECENT) })),
});
