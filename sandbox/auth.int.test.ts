import { describe, expect, it } from 'vitest';
import {
  dexLoopbackLogin,
  dexPasswordGrant,
  dexRefresh,
  jwtClaims,
  kubeConfigForToken,
  loadKubeConfig,
  readSandboxInfo,
  selfSubjectReview,
} from './index.js';

const info = readSandboxInfo();

async function whoAmI(token: string): Promise<Awaited<ReturnType<typeof selfSubjectReview>>> {
  return selfSubjectReview(kubeConfigForToken(info.runtime, token));
}

function expectSandboxUser(review: Awaited<ReturnType<typeof selfSubjectReview>>): void {
  expect(review.status).toBe(201);
  expect(review.user?.username).toBe(info.dex.user.email);
  expect(review.user?.groups).toEqual(expect.arrayContaining([...info.dex.user.groups, 'system:authenticated']));
}

describe('Dex tokens on the runtime apiserver', () => {
  it('accepts an ID token from the password grant and maps user and groups', async () => {
    const tokens = await dexPasswordGrant(info);
    expect(tokens.refreshToken).not.toBe('');
    expectSandboxUser(await whoAmI(tokens.idToken));
  });

  it('accepts an ID token from the loopback auth-code + PKCE flow (local connector)', async () => {
    const tokens = await dexLoopbackLogin(info, { connector: 'local' });
    expect(jwtClaims(tokens.idToken).aud).toBe(info.dex.clientId);
    expectSandboxUser(await whoAmI(tokens.idToken));
  });

  it('accepts an ID token from the loopback flow through the GitHub connector (fake GitHub)', async () => {
    const tokens = await dexLoopbackLogin(info, { connector: 'github' });
    expect(tokens.visited.some((v) => v.includes(new URL(info.fakeGithub.url).host))).toBe(true);
    const claims = jwtClaims(tokens.idToken);
    expect(claims.groups).toEqual(expect.arrayContaining([`${info.fakeGithub.org}:${info.fakeGithub.team}`]));
    expectSandboxUser(await whoAmI(tokens.idToken));
  });

  it('rejects an expired ID token with 401, and a refreshed token works', async () => {
    const short = { issuer: info.dexShortLived.issuer };
    expectSandboxUser(await whoAmI((await dexPasswordGrant(info, short)).idToken));
    // A fresh token not shown to the apiserver before it expires: the apiserver caches successful token
    // authentications for 10 s, so a token used before expiry may still pass for a few seconds after it.
    const tokens = await dexPasswordGrant(info, short);
    const exp = Number(jwtClaims(tokens.idToken).exp) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, exp - Date.now()) + 1500));
    expect((await whoAmI(tokens.idToken)).status).toBe(401);
    const refreshed = await dexRefresh(info, tokens.refreshToken, short);
    expect(refreshed.idToken).not.toBe(tokens.idToken);
    expectSandboxUser(await whoAmI(refreshed.idToken));
  });

  it('the user kubeconfig (exec credential plugin) authenticates as the Dex user', async () => {
    expectSandboxUser(await selfSubjectReview(loadKubeConfig(info.runtime.userKubeconfig)));
  });
});
