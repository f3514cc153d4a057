// The `pipe-desktop://` link grammar, defined once for the desktop shell, the renderer's routes and pipe-events.
// Pure (no URL global): anything not understood is refused, never guessed.
//
//   pipe-desktop://open/<viewId>[?k=v…]               open a view with params
//   pipe-desktop://runs/<cluster>/<namespace>/<name>   open a PipelineRun (written by pipe-events into statuses)
//   pipe-desktop://auth/callback?…                     the end of a browser login (params are secrets: never shown)
//
// The same grammar without the scheme (`runs/<cluster>/<namespace>/<name>`) is browser mode's URL route (`#/…`).

/** The URL scheme PIPE Desktop registers with the OS. */
export const DEEP_LINK_SCHEME = 'pipe-desktop';

/** A link the app understands. */
export type DeepLink =
  | { readonly kind: 'open-view'; readonly viewId: string; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'run'; readonly cluster: string; readonly namespace: string; readonly name: string }
  | { readonly kind: 'auth-callback'; readonly params: Readonly<Record<string, string>> };

const MAX_LINK_LENGTH = 8192;
const MAX_PARAMS = 32;
const VIEW_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/i;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const PREFIX = `${DEEP_LINK_SCHEME}://`;

/** Parses a `pipe-desktop://` link; undefined when it is not one of ours or is malformed. */
export function parseDeepLink(text: string): DeepLink | undefined {
  if (text.length > MAX_LINK_LENGTH || text.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return undefined;
  return parseDeepLinkRoute(text.slice(PREFIX.length));
}

/** Parses the scheme-less form (`runs/c/ns/name`, `open/settings?x=1`), as used by browser mode's `#/…` route. */
export function parseDeepLinkRoute(route: string): DeepLink | undefined {
  if (route.length > MAX_LINK_LENGTH) return undefined;
  const hashAt = route.indexOf('#');
  const withoutFragment = hashAt === -1 ? route : route.slice(0, hashAt);
  const queryAt = withoutFragment.indexOf('?');
  const path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const params = readQuery(queryAt === -1 ? '' : withoutFragment.slice(queryAt + 1));
  if (!params) return undefined;
  const segments = path.replace(/^\/+/, '').split('/').filter((s, i, all) => s !== '' || i < all.length - 1);
  const decoded = segments.map(decodeSegment);
  if (decoded.some((s) => s === undefined || s === '')) return undefined;
  const [head, ...rest] = decoded as string[];
  if (head === 'open' && rest.length === 1 && VIEW_ID.test(rest[0]!)) {
    return { kind: 'open-view', viewId: rest[0]!, params };
  }
  if (head === 'runs' && rest.length === 3 && Object.keys(params).length === 0) {
    const [cluster, namespace, name] = rest as [string, string, string];
    if (isClusterName(cluster) && NAMESPACE.test(namespace) && OBJECT_NAME.test(name)) return { kind: 'run', cluster, namespace, name };
    return undefined;
  }
  if (head === 'auth' && rest.length === 1 && rest[0] === 'callback') return { kind: 'auth-callback', params };
  return undefined;
}

/** The scheme-less route of a link (`runs/<cluster>/<namespace>/<name>`); the inverse of `parseDeepLinkRoute`. */
export function formatDeepLinkRoute(link: DeepLink): string {
  switch (link.kind) {
    case 'run':
      return `runs/${[link.cluster, link.namespace, link.name].map(encodeURIComponent).join('/')}`;
    case 'open-view':
      return `open/${encodeURIComponent(link.viewId)}${formatQuery(link.params)}`;
    case 'auth-callback':
      return `auth/callback${formatQuery(link.params)}`;
  }
}

/** The `pipe-desktop://` form of a link; the inverse of `parseDeepLink`. */
export function formatDeepLink(link: DeepLink): string {
  return PREFIX + formatDeepLinkRoute(link);
}

/** A description of a link that is safe to show or log (auth callbacks carry a code: never shown). */
export function describeDeepLink(link: DeepLink): string {
  switch (link.kind) {
    case 'run':
      return `run ${link.namespace}/${link.name} on ${link.cluster}`;
    case 'open-view':
      return `view ${link.viewId}`;
    case 'auth-callback':
      return 'sign-in callback';
  }
}

/** The first deep link in a command line (Windows/Linux pass the link as an argument). */
export function findDeepLinkArg(argv: readonly string[]): string | undefined {
  return argv.find((a) => a.slice(0, PREFIX.length).toLowerCase() === PREFIX);
}

// Cluster (kubeconfig context) names are free text; refuse only what cannot be one (control characters, huge).
function isClusterName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function readQuery(query: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  if (query === '') return params;
  const pairs = query.split('&');
  if (pairs.length > MAX_PARAMS) return undefined;
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decodeQueryPart(eq === -1 ? pair : pair.slice(0, eq));
    const v = decodeQueryPart(eq === -1 ? '' : pair.slice(eq + 1));
    if (k === undefined || v === undefined || k === '' || k.length > 200 || v.length > 4096) return undefined;
    if (Object.hasOwn(params, k) || k === '__proto__') return undefined;
    params[k] = v;
  }
  return params;
}

function formatQuery(params: Readonly<Record<string, string>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '';
  return `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

function decodeQueryPart(s: string): string | undefined {
  return decodeSegment(s.replace(/\+/g, ' '));
}

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
