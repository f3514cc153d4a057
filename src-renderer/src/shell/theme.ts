// Which colour theme applies, from the `theme` setting and the OS preference.
import type { Settings } from '../../../src-shared/contract/settings';

/** A theme the CSS knows (see styles/tokens.css). */
export type EffectiveTheme = 'light' | 'dark';

/** Key of the last applied theme in localStorage, so the first paint matches before the host answers. */
export const THEME_HINT_KEY = 'pipe-desktop.theme';

/** Resolves the setting against the OS preference. */
export function resolveTheme(setting: Settings['theme'] | undefined, isOsDark: boolean): EffectiveTheme {
  if (setting === 'light' || setting === 'dark') return setting;
  return isOsDark ? 'dark' : 'light';
}

/** The explicit theme that flips what is shown now. */
export function oppositeTheme(theme: EffectiveTheme): EffectiveTheme {
  return theme === 'dark' ? 'light' : 'dark';
}

/** Puts the theme on the document (`data-theme` and `color-scheme`) and remembers it as the next launch's hint. */
export function applyTheme(theme: EffectiveTheme, doc: Document = document): void {
  doc.documentElement.dataset.theme = theme;
  doc.documentElement.style.colorScheme = theme;
  try {
    localStorage.setItem(THEME_HINT_KEY, theme);
  } catch {
    // storage may be unavailable (private mode); the hint is only cosmetic
  }
}

/** The theme to paint before settings arrive. */
export function readThemeHint(isOsDark: boolean): EffectiveTheme {
  try {
    const hint = localStorage.getItem(THEME_HINT_KEY);
    if (hint === 'light' || hint === 'dark') return hint;
  } catch {
    // ignore: fall back to the OS preference
  }
  return isOsDark ? 'dark' : 'light';
}
