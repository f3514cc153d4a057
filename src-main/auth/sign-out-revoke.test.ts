// Sign out revokes the refresh token where the provider publishes a revocation endpoint (RFC 7009). The sandbox's Dex
// publishes none, so this runs against a small local OpenID provider: discovery, the revocation POST, then the store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session';
import { MemoryCredentialStore } from './credential-store';
import { discoverProvider } from './oidc-provider';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** A provider that answers discovery (with or without a revocation endpoint) and records revocation requests. */
async function provider(withRevocation: boolean): Promise<{ issuer: string; revoked: URLSearchParams[] }> {
  const revoked: URLSearchParams[] = [];
  let base = '';
  server = createServer((req, res) => {
    if (req.url === '/dex/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: `${base}/dex`,
          authorization_endpoint: `${base}/dex/auth`,
          token_endpoint: `${base}/dex/token`,
          jwks_uri: `${base}/dex/keys`,
          ...(withRevocation ? { revocation_endpoint: `${base}/dex/token/revoke` } : {}),
        }),
      );
      return;
    }
    if (req.url === '/dex/token/revoke' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        revoked.push(new URLSearchParams(body));
        res.end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer: `${base}/dex`, revoked };
}

const iat = Math.floor(Date.now() / 1000);
const claims = { iss: 'x', aud: 'pipe-desktop', sub: 'u', email: 'dev@pipe.example', groups: ['g'], iat, exp: iat + 600 };

describe('sign out', () => {
  it('revokes the refresh token at the provider and empties the credential store', async () => {
    const { issuer, revoked } = await provider(true);
    const p = await discoverProvider(issuer, 'pipe-desktop', (url, init) => fetch(url, init));
    const store = new MemoryCredentialStore();
    const session = new AuthSession({ provider: async () => p, store, storeKey: 'k' });
    await session.signedIn({ idToken: 'id-token', refreshToken: 'refresh-1' }, claims);
    expect(await store.get('k')).toBe('refresh-1');

    expect(await session.signOut()).toEqual({ revoked: true });
    expect(revoked.map((f) => Object.fromEntries(f))).toEqual([{ client_id: 'pipe-desktop', token: 'refresh-1', token_type_hint: 'refresh_token' }]);
    expect(await store.get('k')).toBeUndefined();
    expect(session.state).toBe('signed-out');
    await expect(session.getToken()).rejects.toMatchObject({ details: { reason: 'no-profile' } });
    session.dispose();
  });

  it('without a revocation endpoint it still forgets everything and says it did not revoke', async () => {
    const { issuer, revoked } = await provider(false);
    const p = await discoverProvider(issuer, 'pipe-desktop', (url, init) => fetch(url, init));
    const store = new MemoryCredentialStore();
    const session = new AuthSession({ provider: async () => p, store, storeKey: 'k' });
    await session.signedIn({ idToken: 'id-token', refreshToken: 'refresh-1' }, claims);
    expect(await session.signOut()).toEqual({ revoked: false });
    expect(revoked).toEqual([]);
    expect(await store.get('k')).toBeUndefined();
    session.dispose();
  });
});
