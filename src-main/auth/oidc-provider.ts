// Dex as the app talks to it: discovery, token endpoint (code, refresh), revocation, JWKS.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { AuthFetch } from './https-fetch';
import { SignInError } from './sign-in-error';

const discoverySchema = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  revocation_endpoint: z.string().url().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

const tokenSchema = z.object({
  id_token: z
    .string()
    .min(1)
    .max(64 * 1024),
  refresh_token: z
    .string()
    .max(64 * 1024)
    .optional(),
  access_token: z
    .string()
    .max(64 * 1024)
    .optional(),
  expires_in: z.number().optional(),
});

/** Tokens from the token endpoint (before verification). */
export interface TokenSet {
  readonly idToken: string;
  readonly refreshToken?: string;
}

/** A discovered OpenID provider. */
export interface OidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly revocationEndpoint?: string;
  readonly keys: JWTVerifyGetKey;
  exchangeCode(code: string, redirectUri: string, verifier: string, signal?: AbortSignal): Promise<TokenSet>;
  refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenSet>;
  /** Revokes a refresh token when the provider has a revocation endpoint; false when it has none. */
  revoke(refreshToken: string): Promise<boolean>;
}

/** Reads `/.well-known/openid-configuration` and returns the provider; SignInError on any failure. */
export async function discoverProvider(
  issuer: string,
  clientId: string,
  fetch: AuthFetch,
  signal?: AbortSignal,
): Promise<OidcProvider> {
  const base = issuer.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/.well-known/openid-configuration`, signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw new SignInError('cancelled');
    throw new SignInError('dex-unreachable', `${base}: ${(err as Error).message}`);
  }
  if (!res.ok)
    throw new SignInError(
      res.status >= 500 ? 'dex-unreachable' : 'discovery-invalid',
      `HTTP ${res.status} from ${base}`,
    );
  let doc: z.infer<typeof discoverySchema>;
  try {
    doc = discoverySchema.parse(await res.json());
  } catch {
    throw new SignInError('discovery-invalid', base);
  }
  if (doc.issuer.replace(/\/+$/, '') !== base)
    throw new SignInError('wrong-issuer', `profile says ${base}, server says ${doc.issuer}`);
  const keys = createRemoteJWKSet(new URL(doc.jwks_uri), {
    [customFetch]: (url, init) => fetch(url, { signal: init.signal }),
  });

  const tokenRequest = async (form: Record<string, string>, s?: AbortSignal): Promise<TokenSet> => {
    let r: Response;
    try {
      r = await fetch(doc.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: clientId, ...form }).toString(),
        ...(s ? { signal: s } : {}),
      });
    } catch (err) {
      throw new SignInError('dex-unreachable', (err as Error).message);
    }
    const body = (await r.json().catch(() => ({}))) as Record<string, unknown>;
    if (!r.ok) {
      const error = typeof body.error === 'string' ? body.error : `HTTP ${r.status}`;
      const description =
        typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : '';
      if (error === 'invalid_client' || error === 'unauthorized_client')
        throw new SignInError('client-rejected', description || error);
      if (error === 'invalid_grant')
        throw new SignInError(
          form.grant_type === 'refresh_token' ? 'refresh-failed' : 'code-expired',
          description || error,
        );
      // An OAuth error body means Dex answered and refused; only a bare 5xx (a proxy, a crash) means it is not there.
      if (typeof body.error !== 'string' && r.status >= 500) throw new SignInError('dex-unreachable', `HTTP ${r.status}`);
      throw new SignInError(form.grant_type === 'refresh_token' ? 'refresh-failed' : 'dex-error', `${error} ${description}`.trim());
    }
    const parsed = tokenSchema.safeParse(body);
    if (!parsed.success) throw new SignInError('dex-error', 'the token answer had no ID token');
    return {
      idToken: parsed.data.id_token,
      ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}),
    };
  };

  return {
    issuer: base,
    clientId,
    authorizationEndpoint: doc.authorization_endpoint,
    ...(doc.revocation_endpoint ? { revocationEndpoint: doc.revocation_endpoint } : {}),
    keys,
    exchangeCode: (code, redirectUri, verifier, s) =>
      tokenRequest(
        { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier },
        s,
      ),
    refresh: (refreshToken, s) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, s),
    revoke: async (refreshToken) => {
      if (!doc.revocation_endpoint) return false;
      const r = await fetch(doc.revocation_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: clientId,
          token: refreshToken,
          token_type_hint: 'refresh_token',
        }).toString(),
      });
      return r.ok;
    },
  };
}
