import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAppJwt, parsePrivateKey } from './app-jwt';
import { AppTokenProvider, type AppApi } from './token-provider';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('createAppJwt', () => {
  it('signs RS256 with iat 60 s back and exp under 10 minutes', () => {
    const now = Date.UTC(2025, 0, 1);
    const { token, expiresAt } = createAppJwt('12345', parsePrivateKey(pkcs1), now);
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
      iat: number;
      exp: number;
      iss: unknown;
    };
    expect(claims.iss).toBe(12345);
    expect(claims.iat).toBe(now / 1000 - 60);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    expect(expiresAt).toBe(claims.exp * 1000);
    expect(
      createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, Buffer.from(s, 'base64url')),
    ).toBe(true);
  });

  it('accepts escaped newlines and client ids as issuer', () => {
    const { token } = createAppJwt('Iv1.abc', parsePrivateKey(pkcs1.replace(/\n/g, '\\n')));
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iss).toBe('Iv1.abc');
  });
});

describe('AppTokenProvider', () => {
  function fakeApi(lifetimeMs: number, clock: { now: number }) {
    let n = 0;
    const api: AppApi & { calls: number } = {
      calls: 0,
      createInstallationToken: async (_jwt, id) => {
        api.calls++;
        await new Promise((r) => setTimeout(r, 5));
        return { token: `ghs_${id}_${++n}`, expiresAt: new Date(clock.now + lifetimeMs).toISOString() };
      },
      findInstallation: async () => 77,
    };
    return api;
  }

  it('caches installation tokens, shares one refresh between callers and refreshes 5 minutes before expiry', async () => {
    const clock = { now: Date.now() };
    const api = fakeApi(60 * 60_000, clock);
    const p = new AppTokenProvider('1', parsePrivateKey(pkcs1), api, undefined, () => clock.now);
    const [a, b] = await Promise.all([p.installationToken(5), p.installationToken(5)]);
    expect(a).toBe(b);
    expect(api.calls).toBe(1);
    clock.now += 50 * 60_000;
    expect(await p.installationToken(5)).toBe(a);
    clock.now += 6 * 60_000; // 4 minutes left
    expect(await p.installationToken(5)).not.toBe(a);
    expect(api.calls).toBe(2);
  });

  it('finds the installation of a repository when the delivery has none', async () => {
    const clock = { now: Date.now() };
    const p = new AppTokenProvider(
      '1',
      parsePrivateKey(pkcs1),
      fakeApi(3_600_000, clock),
      undefined,
      () => clock.now,
    );
    expect(await p.authorization({ owner: 'acme', repo: 'app' })).toMatch(/^token ghs_77_/);
  });
});
