// The host's settings as last received, plus the OS colour scheme.
import type { StateCreator } from 'zustand';
import type { AppState } from './store';
import type { Settings } from '../../../src-shared/contract/settings';

export interface SettingsSlice {
  /** Undefined until the host sent them. */
  readonly settings: Settings | undefined;
  readonly isOsDark: boolean;
  settingsReceived(settings: Settings): void;
  osThemeChanged(isDark: boolean): void;
}

/** Creates the settings slice. */
export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: undefined,
  isOsDark: false,
  settingsReceived: (settings) => set({ settings }),
  osThemeChanged: (isOsDark) => set({ isOsDark }),
});
