// Maps app://renderer/<path> requests to files in the built renderer, with the renderer's CSP (no electron here).
import { extname, join } from 'node:path';
import { contentSecurityPolicy } from '../transports/content-security-policy';
import { contentTypeFor, resolveInside } from '../transports/static-files';
import { APP_HOST, APP_SCHEME } from './navigation-policy';

/** A resolved request: the file to send and its headers. */
export interface AppFile {
  readonly file: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Resolves a request URL to a file under `rendererDir`; undefined for other hosts or paths that escape. */
export function resolveAppRequest(requestUrl: string, rendererDir: string): AppFile | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  const path = url.pathname === '/' || !extname(url.pathname) ? '/index.html' : url.pathname;
  const file = resolveInside(rendererDir, path);
  if (!file || file === rendererDir) return undefined;
  return { file, headers: appResponseHeaders(file) };
}

/** Headers for a renderer file: the same CSP as browser mode, minus the WebSocket origin. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(file),
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

/** Joins the built renderer folder next to the main bundle (out/main → out/renderer). */
export function rendererDirFrom(mainDir: string): string {
  return join(mainDir, '..', 'renderer');
}
