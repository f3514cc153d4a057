// One native-app sign-in (RFC 8252): PKCE S256, state, nonce, loopback redirect, code exchange, ID token check.
import { createHash, randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { verifyIdToken } from './id-token-verifier';
import { startLoopbackListener } from './loopback-listener';
import type { OidcProvider, TokenSet } from './oidc-provider';
import type { AuthFetch } from './https-fetch';
import { SignInError } from './sign-in-error';

/** Scopes PIPE needs: identity, email (the apiservers' username), groups, refresh tokens. */
export const SIGN_IN_SCOPES = 'openid email profile groups offline_access';

/** What a running login exposes before it finishes. */
export interface PendingLogin {
  /** The URL to open in the browser. */
  readonly authUrl: string;
  /** Settles with verified tokens, or a SignInError. */
  readonly done: Promise<{ tokens: TokenSet; claims: JWTPayload }>;
  cancel(): void;
}

/** Options of one login. */
export interface LoginOptions {
  readonly provider: OidcProvider;
  readonly fetch: AuthFetch;
  readonly timeoutMs: number;
  /** Dex connector to go to directly (skips Dex's chooser); optional. */
  readonly connectorId?: string;
  readonly now?: () => number;
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * Checks that Dex accepts the client and redirect before the browser is involved: Dex shows those errors only in the
 * browser, and only once a connector is chosen, so this follows Dex's own redirect or first connector link (at most
 * 3 hops, same origin, under the authorization path).
 */
async function preflight(authUrl: string, fetch: AuthFetch): Promise<void> {
  const start = new URL(authUrl);
  let url = start;
  for (let hop = 0; hop < 3; hop++) {
    let res: Response;
    try {
      res = await fetch(url.toString());
    } catch (err) {
      throw new SignInError('dex-unreachable', (err as Error).message);
    }
    const text = await res.text();
    if (res.status >= 400) {
      const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 400);
      if (/client[_ ]id|unregistered client|unknown client/i.test(plain)) throw new SignInError('client-rejected', plain);
      if (/redirect/i.test(plain)) throw new SignInError('redirect-refused', plain);
      throw new SignInError(res.status >= 500 ? 'dex-unreachable' : 'dex-error', `HTTP ${res.status}: ${plain}`);
    }
    const location = res.headers.get('location');
    const link = res.status === 200 ? new RegExp(`href="(${escapeRegExp(start.pathname)}/[^"?]+\\?[^"]*)"`).exec(text)?.[1] : undefined;
    const next = location ?? (link ? link.replace(/&amp;/g, '&') : undefined);
    if (!next) return;
    const nextUrl = new URL(next, url);
    if (nextUrl.origin !== start.origin || !nextUrl.pathname.startsWith(`${start.pathname}/`)) return;
    url = nextUrl;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Starts a login: the loopback listener is up and Dex has accepted the request when this resolves. */
export async function startLogin(opts: LoginOptions): Promise<PendingLogin> {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const nonce = base64url(randomBytes(16));
  const listener = await startLoopbackListener();
  const auth = new URL(opts.provider.authorizationEndpoint);
  const params: Record<string, string> = {
    client_id: opts.provider.clientId,
    redirect_uri: listener.redirectUri,
    response_type: 'code',
    scope: SIGN_IN_SCOPES,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(opts.connectorId ? { connector_id: opts.connectorId } : {}),
  };
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  const authUrl = auth.toString();
  try {
    await preflight(authUrl, opts.fetch);
  } catch (err) {
    await listener.close();
    throw err;
  }

  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SignInError('timeout')), opts.timeoutMs);
    abort.signal.addEventListener('abort', () => reject(new SignInError('cancelled')), { once: true });
  });

  const finish = async (): Promise<{ tokens: TokenSet; claims: JWTPayload }> => {
    const q = await Promise.race([listener.result, stopped]);
    if (q.get('state') !== state) throw new SignInError('state-mismatch');
    const error = q.get('error');
    if (error)
      throw new SignInError(
        'dex-error',
        `${error}${q.get('error_description') ? `: ${q.get('error_description')!.slice(0, 300)}` : ''}`,
      );
    const code = q.get('code');
    if (!code) throw new SignInError('dex-error', 'the redirect carried no code');
    const tokens = await Promise.race([
      opts.provider.exchangeCode(code, listener.redirectUri, verifier, abort.signal),
      stopped,
    ]);
    const claims = await verifyIdToken(tokens.idToken, opts.provider, {
      nonce,
      ...(opts.now ? { now: opts.now } : {}),
    });
    return { tokens, claims };
  };

  const done = finish().then(
    (r) => {
      listener.respond({ ok: true });
      return r;
    },
    (err: unknown) => {
      listener.respond({ ok: false, message: err instanceof Error ? err.message : 'The sign-in failed.' });
      throw err;
    },
  );
  void done
    .finally(() => {
      clearTimeout(timer);
      void listener.close();
    })
    .catch(() => undefined);
  return { authUrl, done, cancel: () => abort.abort() };
}
