// Sign-in against the sandbox's real Dex: PKCE loopback login (both connectors) and each specific failure.
import { readFileSync } from 'node:fs';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { browseDexLogin, dexPasswordGrant, readSandboxInfo } from '../../sandbox/index.js';
import { simpleRequest } from '../../sandbox/net.js';
import { createAuthFetch } from './https-fetch';
import { verifyIdToken } from './id-token-verifier';
import { startLogin } from './login-flow';
import { discoverProvider } from './oidc-provider';
import type { SignInError } from './sign-in-error';

const info = readSandboxInfo();
const fetch = createAuthFetch({ ca: readFileSync(info.dex.caFile, 'utf8') });
const provider = () => discoverProvider(info.dex.issuer, info.dex.clientId, fetch);

async function failure(p: Promise<unknown>): Promise<string> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as SignInError | undefined;
  expect(err, 'expected a SignInError').toBeDefined();
  return (err!.details as { reason: string }).reason;
}

function redirectUriOf(authUrl: string): { redirectUri: string; state: string } {
  const u = new URL(authUrl);
  return { redirectUri: u.searchParams.get('redirect_uri')!, state: u.searchParams.get('state')! };
}

describe('PKCE loopback sign-in against Dex', () => {
  for (const connector of ['local', 'github'] as const) {
    it(`signs in through the ${connector} connector and verifies the ID token`, async () => {
      const login = await startLogin({
        provider: await provider(),
        fetch,
        timeoutMs: 60_000,
        connectorId: connector,
      });
      const auth = new URL(login.authUrl);
      expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
      expect(auth.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const { redirectUri } = redirectUriOf(login.authUrl);
      const browsed = await browseDexLogin(info, login.authUrl, { redirectUri });
      const { tokens, claims } = await login.done;
      expect(claims.email).toBe(info.dex.user.email);
      expect(claims.groups).toEqual(expect.arrayContaining(info.dex.user.groups));
      expect(tokens.refreshToken).toBeTruthy();
      expect(browsed.landing?.body).toContain('You can close this tab');
      if (connector === 'github')
        expect(browsed.visited.some((v) => v.includes(new URL(info.fakeGithub.url).host))).toBe(true);
      // The listener lived only for this login.
      await expect(simpleRequest(redirectUri)).rejects.toThrow();
    });
  }

  it('refuses a redirect whose state does not belong to the login, and says so on the page', async () => {
    const login = await startLogin({ provider: await provider(), fetch, timeoutMs: 60_000 });
    const { redirectUri } = redirectUriOf(login.authUrl);
    const page = await simpleRequest(`${redirectUri}?code=abc&state=forged`);
    expect(await failure(login.done)).toBe('state-mismatch');
    expect(page.status).toBe(400);
    expect(page.body).toContain('state mismatch');
  });

  it('shows the error Dex returned (access_denied) on the landing page', async () => {
    const login = await startLogin({ provider: await provider(), fetch, timeoutMs: 60_000 });
    const { redirectUri, state } = redirectUriOf(login.authUrl);
    const page = await simpleRequest(
      `${redirectUri}?error=access_denied&error_description=${encodeURIComponent('user said no')}&state=${state}`,
    );
    expect(await failure(login.done)).toBe('dex-error');
    expect(page.body).toContain('access_denied: user said no');
  });

  it('a wrong client id is refused before the browser opens', async () => {
    const wrong = await discoverProvider(info.dex.issuer, 'not-a-client', fetch);
    expect(await failure(startLogin({ provider: wrong, fetch, timeoutMs: 60_000 }))).toBe('client-rejected');
  });

  it('Dex unreachable is its own error', async () => {
    expect(await failure(discoverProvider('https://127.0.0.1:1/dex', info.dex.clientId, fetch))).toBe(
      'dex-unreachable',
    );
  });

  it('an expired or already used code is its own error', async () => {
    const p = await provider();
    expect(await failure(p.exchangeCode('expired-code', 'http://127.0.0.1:1/callback', 'v'.repeat(43)))).toBe(
      'code-expired',
    );
  });

  it('times out and can be cancelled', async () => {
    const slow = await startLogin({ provider: await provider(), fetch, timeoutMs: 20 });
    expect(await failure(slow.done)).toBe('timeout');
    const cancelled = await startLogin({ provider: await provider(), fetch, timeoutMs: 60_000 });
    cancelled.cancel();
    expect(await failure(cancelled.done)).toBe('cancelled');
  });
});

describe('ID token verification against Dex keys', () => {
  it('accepts a real token and rejects a tampered signature, a wrong audience, a wrong nonce and a foreign key', async () => {
    const p = await provider();
    const { idToken } = await dexPasswordGrant(info);
    await expect(verifyIdToken(idToken, p)).resolves.toMatchObject({ email: info.dex.user.email });

    const [h, body, sig] = idToken.split('.') as [string, string, string];
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(await failure(verifyIdToken(`${h}.${body}.${flipped}`, p))).toBe('bad-signature');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, email: 'admin@pipe.example' })).toString(
      'base64url',
    );
    expect(await failure(verifyIdToken(`${h}.${forgedBody}.${sig}`, p))).toBe('bad-signature');

    expect(await failure(verifyIdToken(idToken, { ...p, clientId: 'another-app' }))).toBe('wrong-audience');
    expect(await failure(verifyIdToken(idToken, p, { nonce: 'not-this-login' }))).toBe('nonce-mismatch');

    // Same claims and key id, signed by a key Dex never published.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(idToken).kid! })
      .sign(privateKey);
    expect(await failure(verifyIdToken(forged, p))).toBe('bad-signature');
  });
});
