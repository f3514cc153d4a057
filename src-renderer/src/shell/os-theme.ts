// Follows the OS colour scheme (`prefers-color-scheme`) into the store.
import { appActions } from '../state/store';

const QUERY = '(prefers-color-scheme: dark)';

/** Whether the OS prefers dark right now. */
export function isOsDark(win: Window = window): boolean {
  return typeof win.matchMedia === 'function' && win.matchMedia(QUERY).matches;
}

/** Keeps `isOsDark` in the store current; returns the disposer. */
export function startOsThemeWatcher(win: Window = window): () => void {
  appActions().osThemeChanged(isOsDark(win));
  if (typeof win.matchMedia !== 'function') return () => undefined;
  const media = win.matchMedia(QUERY);
  const onChange = (e: MediaQueryListEvent): void => appActions().osThemeChanged(e.matches);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}
