// Browser mode's per-launch session: a random `*.localhost` name and a secret, and the checks every request passes.
//
// Why a name of its own: cookies ignore ports, so a cookie for 127.0.0.1 (or localhost) reaches every local server
// the user opens. Chromium and Firefox resolve any `*.localhost` name to loopback themselves (RFC 6761, no DNS), so
// a host-only cookie for `pipe-<random>.localhost` goes to this server alone. Checking the Host header against that
// name also defeats DNS rebinding: a page whose name was rebound to 127.0.0.1 sends its own name and is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the secret after the first visit (host-only: bound to the launch's host name). */
export const SESSION_COOKIE = 'pipe_session';

/** A fresh `pipe-<random>.localhost` name (lower case: browsers lower-case host names). */
export function randomLaunchHostName(): string {
  return `pipe-${randomBytes(6).toString('hex')}.localhost`;
}

/** A fresh launch secret. */
export function randomLaunchSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** The names and secret of one launch, and the checks derived from them. */
export class LaunchSession {
  /** `name:port`, the only Host header this server answers. */
  readonly authority: string;
  /** `http://name:port`, the only Origin allowed to open the WebSocket. */
  readonly origin: string;
  /** The URL the user opens once: it carries the secret. */
  readonly url: string;

  constructor(
    readonly hostName: string,
    readonly port: number,
    readonly secret: string,
  ) {
    this.authority = `${hostName}:${port}`;
    this.origin = `http://${this.authority}`;
    this.url = `${this.origin}/?token=${secret}`;
  }

  /** True when the request was addressed to the printed name (not 127.0.0.1, not a rebound foreign name). */
  isExpectedHost(req: IncomingMessage): boolean {
    return req.headers.host?.toLowerCase() === this.authority;
  }

  /** True when the WebSocket upgrade comes from our own page. */
  isExpectedOrigin(req: IncomingMessage): boolean {
    return req.headers.origin?.toLowerCase() === this.origin;
  }

  /** True when the request carries the secret, in the query (first visit) or the session cookie. */
  isAuthorized(req: IncomingMessage, url: URL): boolean {
    return safeEqual(url.searchParams.get('token'), this.secret) || safeEqual(readCookie(req, SESSION_COOKIE), this.secret);
  }

  /** The Set-Cookie value that trades the secret in the URL for an HttpOnly cookie on this host name only. */
  sessionCookie(): string {
    // No Domain attribute: a host-only cookie, never sent to another name (Path=/, every port of this name only).
    return `${SESSION_COOKIE}=${this.secret}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
