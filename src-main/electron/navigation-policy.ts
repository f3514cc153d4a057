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
