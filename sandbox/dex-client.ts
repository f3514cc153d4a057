// Test helpers that talk to the sandbox's Dex like a client would: password grant, refresh, loopback auth code + PKCE.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { simpleRequest, type SimpleResponse } from './net.js';
import type { SandboxInfo } from './info.js';

/** Tokens from Dex's token endpoint. */
export interface DexTokens {
  idToken: string;
  refreshToken: string;
  accessToken: string;
}

/** Which Dex to talk to (defaults: the sandbox's main Dex, its public client, its static user). */
export interface DexClientOptions {
  issuer?: string;
  scope?: string;
  email?: string;
  password?: string;
}

const DEFAULT_SCOPE = 'openid email profile groups offline_access';

async function tokenRequest(info: SandboxInfo, issuer: string, form: Record<string, string>): Promise<DexTokens> {
  const res = await simpleRequest(`${issuer}/token`, {
    method: 'POST',
    ca: readFileSync(info.dex.caFile),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: info.dex.clientId, ...form }).toString(),
  });
  const body = JSON.parse(res.body) as { id_token?: string; refresh_token?: string; access_token?: string; error?: string; error_description?: string };
  if (res.status !== 200 || !body.id_token) {
    throw Object.assign(new Error(`Dex token request failed: HTTP ${res.status} ${body.error ?? ''} ${body.error_description ?? ''}`), {
      code: 'DEX_TOKEN_FAILED',
      status: res.status,
    });
  }
  return { idToken: body.id_token, refreshToken: body.refresh_token ?? '', accessToken: body.access_token ?? '' };
}

/** Password grant for the static user (Dex's oauth2.passwordConnector: local). */
export function dexPasswordGrant(info: SandboxInfo, opts: DexClientOptions = {}): Promise<DexTokens> {
  return tokenRequest(info, opts.issuer ?? info.dex.issuer, {
    grant_type: 'password',
    username: opts.email ?? info.dex.user.email,
    password: opts.password ?? info.dex.user.password,
    scope: opts.scope ?? DEFAULT_SCOPE,
  });
}

/** Refresh-token grant. */
export function dexRefresh(info: SandboxInfo, refreshToken: string, opts: DexClientOptions = {}): Promise<DexTokens> {
  return tokenRequest(info, opts.issuer ?? info.dex.issuer, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Decodes a JWT's payload (no verification; the apiserver verifies). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Runs the RFC 8252 loopback authorization-code flow with PKCE through Dex's real HTTP endpoints, as a browser would. */
export async function dexLoopbackLogin(
  info: SandboxInfo,
  opts: DexClientOptions & { connector: 'github' | 'local' },
): Promise<DexTokens & { visited: string[] }> {
  const issuer = opts.issuer ?? info.dex.issuer;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('hex');

  // The app's loopback listener: receives the final redirect carrying the code.
  let resolveCode: (q: URLSearchParams) => void = () => undefined;
  const gotCode = new Promise<URLSearchParams>((r) => (resolveCode = r));
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Signed in to the PIPE sandbox. You can close this window.');
    resolveCode(u.searchParams);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const redirectUri = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/callback`;
  const visited: string[] = [];
  try {
    const auth = new URL(`${issuer}/auth`);
    const params = {
      client_id: info.dex.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: opts.scope ?? DEFAULT_SCOPE,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      connector_id: opts.connector,
    };
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    visited.push(...(await browseDexLogin(info, auth.toString(), { ...opts, redirectUri })).visited);
    const q = await gotCode;
    if (q.get('state') !== state) throw new Error('state mismatch in loopback redirect');
    const code = q.get('code');
    if (!code) throw new Error(`no code in loopback redirect: ${q.toString()}`);
    const tokens = await tokenRequest(info, issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    return { ...tokens, visited };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/**
 * Acts as the user's browser on an authorization URL: follows redirects (keeping cookies), fills Dex's password
 * form for the local connector, and finally requests the app's redirect URI (the loopback listener) once.
 * Returns the visited requests and the page the redirect URI answered with.
 */
export async function browseDexLogin(
  info: SandboxInfo,
  authUrl: string,
  opts: Pick<DexClientOptions, 'email' | 'password'> & { redirectUri: string },
): Promise<{ visited: string[]; landing?: SimpleResponse }> {
  const ca = readFileSync(info.dex.caFile);
  const { redirectUri } = opts;
  const visited: string[] = [];
  let landing: SimpleResponse | undefined;
  const cookies = new Map<string, string>();
  let next: { url: string; method: string; body?: string } | undefined = { url: authUrl, method: 'GET' };
  for (let hops = 0; next && hops < 20; hops++) {
    visited.push(`${next.method} ${next.url}`);
    const url: URL = new URL(next.url);
    const headers: Record<string, string> = {};
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (next.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await simpleRequest(next.url, { method: next.method, headers, body: next.body, ca });
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && typeof location === 'string') {
      next = { url: new URL(location, url).toString(), method: 'GET' };
      if (next.url.startsWith(redirectUri)) {
        visited.push(`GET ${next.url}`);
        landing = await simpleRequest(next.url);
        next = undefined;
      }
    } else if (res.status === 200 && url.pathname.includes('/auth/local') && next.method === 'GET') {
      // Dex's password form posts back to the same URL with fields `login` and `password`.
      const body = new URLSearchParams({ login: opts.email ?? info.dex.user.email, password: opts.password ?? info.dex.user.password });
      next = { url: url.toString(), method: 'POST', body: body.toString() };
    } else {
      throw new Error(`unexpected response in login flow at ${next.url}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    }
  }
  return landing ? { visited, landing } : { visited };
}
