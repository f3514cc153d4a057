import { createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { createGitHubHttp } from './github-http';
import { AppTokenProvider } from './token-provider';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let gh: FakeGithub;
beforeAll(async () => {
  gh = await startFakeGithub({ appPublicKey: publicPem, appId: '12345' });
});
afterAll(() => gh?.dispose());

function provider(key = pkcs1): AppTokenProvider {
  const http = createGitHubHttp({
    baseUrl: gh.url,
    metrics: createServiceMetrics(),
    logger: silentLogger,
    maxWaitMs: 0,
  });
  return new AppTokenProvider('12345', key, http);
}

describe('AppTokenProvider (@octokit/auth-app)', () => {
  it('signs an RS256 App JWT from a PKCS#1 key (as GitHub downloads it) with exp at most 10 minutes after iat', async () => {
    const jwt = await provider().appJwt();
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
      iat: number;
      exp: number;
      iss: unknown;
    };
    expect(String(claims.iss)).toBe('12345');
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    expect(
      createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, Buffer.from(s, 'base64url')),
    ).toBe(true);
  });

  it('accepts a key with escaped newlines (env files)', async () => {
    expect((await provider(pkcs1.replace(/\n/g, '\\n')).appJwt()).split('.')).toHaveLength(3);
  });

  it('gets installation tokens with the JWT, caches them and shares one request between concurrent callers', async () => {
    const p = provider();
    const before = gh.records.installationTokens.length;
    const [a, b] = await Promise.all([p.installationToken(5), p.installationToken(5)]);
    expect(a).toBe(b);
    expect(a).toMatch(/^ghs_/);
    expect(await p.installationToken(5)).toBe(a);
    expect(gh.records.installationTokens.length - before).toBe(1);
    expect(await p.installationToken(6)).not.toBe(a);
  });

  it('finds the installation of a repository when the delivery has none (and remembers it)', async () => {
    const p = provider();
    gh.repo('acme/app');
    const auth = await p.authorization({ owner: 'acme', repo: 'app' });
    expect(auth).toMatch(/^token ghs_/);
    const lookups = () => gh.records.requests.filter((r) => r.path === '/repos/acme/app/installation').length;
    const n = lookups();
    await p.authorization({ owner: 'acme', repo: 'app' });
    expect(lookups()).toBe(n);
  });

  it('a wrong key is refused by GitHub (the fake verifies the signature)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    await expect(provider(other).installationToken(9)).rejects.toMatchObject({ status: 401 });
  });
});
