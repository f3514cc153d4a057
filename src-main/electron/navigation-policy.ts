// What the window may load: only our own app:// pages; http(s) goes to the system browser; the rest is refused.

/** The custom scheme and host that serve the renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer's entry page. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** What to do with a navigation or window.open request. */
export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** True for a URL served by our app:// protocol. */
export function isAppUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** True for an http(s) URL that may be handed to the system browser. */
export function isExternalWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Decides a top-level navigation in our window (links, location changes). */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  if (isExternalWebUrl(url)) return 'open-external';
  return 'deny';
}

/** Decides a window.open / target=_blank request: never a new app window. */
export function decideWindowOpen(url: string): Exclude<NavigationDecision, 'allow'> {
  return isExternalWebUrl(url) ? 'open-external' : 'deny';
}

/** How a newly created webContents is guarded (every one of them, not only the main window's). */
export interface ContentsGuard {
  /** Navigation on app:// only, links out to the system browser, no window.open, no <webview>, no permissions. */
  readonly lockDown: true;
  /** Refuse every navigation, even to app:// (contents the app never creates on purpose, e.g. a <webview>). */
  readonly denyAllNavigation: boolean;
}

/** Contents types the app itself creates (Electron's `webContents.getType()`); DevTools reports 'remote'. */
const EXPECTED_CONTENTS = new Set(['window', 'browserView', 'remote']);

/** Decides the guard for a webContents from its type; unknown and unexpected types get the strictest one. */
export function decideContentsGuard(type: string): ContentsGuard {
  return { lockDown: true, denyAllNavigation: !EXPECTED_CONTENTS.has(type) };
}
