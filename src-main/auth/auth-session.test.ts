// AuthSession with a fake clock and an in-process provider stub: refresh timing, one refresh for many callers.
import { SignJWT, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthSession, type SessionClock } from './auth-session';
import { MemoryCredentialStore } from './credential-store';
import type { OidcProvider } from './oidc-provider';
import { SignInError } from './sign-in-error';

let privateKey: CryptoKey;
let publicKey: CryptoKey;
beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('RS256'));
});

/** A clock whose timers run only when the test advances it. */
function fakeClock(start: number): SessionClock & { advance(ms: number): void; pending(): number } {
  let now = start;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => (timers.set(next, { at: now + ms, fn }), next++),
    clearTimeout: (h) => void timers.delete(h as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at > now) continue;
        timers.delete(id);
        t.fn();
      }
    },
    pending: () => timers.size,
  };
}

async function idToken(clock: SessionClock, lifeS: number): Promise<{ token: string; claims: JWTPayload }> {
  const iat = Math.floor(clock.now() / 1000);
  const claims = { iss: 'https://dex.test', aud: 'pipe-desktop', sub: 'u', email: 'dev@pipe.example', groups: ['g'], iat, exp: iat + lifeS };
  return { token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey), claims };
}

function provider(clock: SessionClock, opts: { fail?: boolean } = {}): OidcProvider & { refreshes: number } {
  const p = {
    issuer: 'https://dex.test',
    clientId: 'pipe-desktop',
    authorizationEndpoint: 'https://dex.test/auth',
    keys: async () => publicKey,
    refreshes: 0,
    exchangeCode: () => Promise.reject(new Error('unused')),
    revoke: async () => false,
    refresh: async () => {
      p.refreshes++;
      await new Promise((r) => setImmediate(r));
      if (opts.fail) throw new SignInError('refresh-failed', 'invalid_grant');
      return { idToken: (await idToken(clock, 600)).token, refreshToken: 'rt-2' };
    },
  };
  return p as unknown as OidcProvider & { refreshes: number };
}

describe('AuthSession', () => {
  it('renews at 80% of the token life, from the timer, once', async () => {
    const clock = fakeClock(Date.UTC(2030, 0, 1));
    const p = provider(clock);
    const store = new MemoryCredentialStore();
    const session = new AuthSession({ provider: async () => p, store, storeKey: 'k', clock });
    const first = await idToken(clock, 600);
    await session.signedIn({ idToken: first.token, refreshToken: 'rt-1' }, first.claims);
    expect(await store.get('k')).toBe('rt-1');
    clock.advance(479_000);
    expect(p.refreshes).toBe(0);
    const renewed = new Promise<void>((r) => session.onDidChange(() => r()));
    clock.advance(1_000);
    await renewed;
    expect(p.refreshes).toBe(1);
    expect((await session.getToken()).token).not.toBe(first.token);
    expect(await store.get('k')).toBe('rt-2');
    session.dispose();
    expect(clock.pending()).toBe(0);
  });

  it('many callers of an expiring token share one refresh; a failed refresh is reported once and then fails fast', async () => {
    const clock = fakeClock(Date.UTC(2030, 0, 1));
    const ok = provider(clock);
    const session = new AuthSession({ provider: async () => ok, store: new MemoryCredentialStore(), storeKey: 'k', clock });
    const first = await idToken(clock, 60);
    await session.signedIn({ idToken: first.token, refreshToken: 'rt-1' }, first.claims);
    clock.now = ((n) => () => n)(clock.now() + 58_000);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getToken()));
    expect(ok.refreshes).toBe(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);

    const failing = provider(clock, { fail: true });
    const broken = new AuthSession({ provider: async () => failing, store: new MemoryCredentialStore(), storeKey: 'k', clock });
    const t = await idToken(clock, 600);
    await broken.signedIn({ idToken: t.token, refreshToken: 'rt-1' }, t.claims);
    let changes = 0;
    broken.onDidChange(() => changes++);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => broken.tokenRejected(t.token)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    await expect(broken.getToken()).rejects.toMatchObject({ details: { reason: 'refresh-failed' } });
    expect(failing.refreshes).toBe(1);
    expect(broken.state).toBe('expired');
    expect(changes).toBe(1);
  });
});
