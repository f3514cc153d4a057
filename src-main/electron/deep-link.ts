// Parses `pipe-desktop://` links (pure; no electron). Anything not understood is refused, never guessed.

/** The URL scheme PIPE Desktop registers with the OS. */
export const DEEP_LINK_SCHEME = 'pipe-desktop';

/** A link the app understands. */
export type DeepLink =
  /** pipe-desktop://open/<viewId>?key=value — opens a view with params. */
  | { readonly kind: 'open-view'; readonly viewId: string; readonly params: Readonly<Record<string, string>> }
  /** pipe-desktop://auth/callback?code=…&state=… — the end of a browser login. */
  | { readonly kind: 'auth-callback'; readonly params: Readonly<Record<string, string>> };

const MAX_URL_LENGTH = 8192;
const MAX_PARAMS = 32;
const VIEW_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

function readParams(url: URL): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let count = 0;
  for (const [k, v] of url.searchParams) {
    if (++count > MAX_PARAMS || k.length > 200 || v.length > 4096 || Object.hasOwn(params, k) || k === '__proto__') return undefined;
    params[k] = v;
  }
  return params;
}

/** Parses a deep link; undefined when it is not one of ours or is malformed. */
export function parseDeepLink(text: string): DeepLink | undefined {
  if (text.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return undefined;
  const params = readParams(url);
  if (!params) return undefined;
  const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
  if (segments.some((s) => s === undefined)) return undefined;
  if (url.hostname === 'open' && segments.length === 1 && VIEW_ID.test(segments[0]!)) {
    return { kind: 'open-view', viewId: segments[0]!, params };
  }
  if (url.hostname === 'auth' && segments.length === 1 && segments[0] === 'callback') {
    return { kind: 'auth-callback', params };
  }
  return undefined;
}

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The first deep link in a command line (Windows/Linux pass the link as an argument). */
export function findDeepLinkArg(argv: readonly string[]): string | undefined {
  return argv.find((a) => a.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`));
}
