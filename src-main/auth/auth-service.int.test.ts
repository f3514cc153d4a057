// AuthService against the sandbox: sign-in, app-managed kubeconfig + credential helper + kubectl, refresh, 401s, revocation.
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  browseDexLogin,
  dexPasswordGrant,
  kubeConfigForToken,
  readSandboxInfo,
  selfSubjectReview,
} from '../../sandbox/index.js';
import { findBinary } from '../../sandbox/binaries.js';
import { withFreshToken } from './auth-session';
import { startAuthHarness, type AuthHarness } from './testing/auth-harness';

const run = promisify(execFile);
const info = readSandboxInfo();
const kubectl = findBinary('kubectl')!;
let harness: AuthHarness | undefined;

afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function signIn(h: AuthHarness, connector: 'local' | 'github' = 'local'): Promise<void> {
  const { authUrl } = await h.auth.signIn({ connector });
  const redirectUri = new URL(authUrl).searchParams.get('redirect_uri')!;
  await browseDexLogin(info, authUrl, { redirectUri });
  await new Promise<void>((resolve) => {
    const check = (): void => {
      const s = h.auth.status().state;
      if (s === 'signed-in' || (s !== 'signing-in' && h.auth.status().error)) {
        off();
        resolve();
      }
    };
    const off = h.auth.onDidChange(check);
    check();
  });
  expect(h.auth.status()).toMatchObject({ state: 'signed-in', user: { username: info.dex.user.email } });
}

function kubeconfigPath(h: AuthHarness): string {
  return join(h.dir, 'kubeconfigs', 'pipe-pipe-sandbox.yaml');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('sign-in through the AuthService', () => {
  it('writes an app-managed kubeconfig that kubectl uses through the credential helper, and leaves no token on disk or in the log', async () => {
    harness = await startAuthHarness(info);
    await signIn(harness, 'github');
    const status = harness.auth.status();
    expect(status.user?.groups).toEqual(expect.arrayContaining(info.dex.user.groups));
    expect(status.contexts).toEqual(['pipe-pipe-sandbox-core', 'pipe-pipe-sandbox-runtime']);

    const file = kubeconfigPath(harness);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const config = parse(await readFile(file, 'utf8')) as {
      users: { user: { exec: Record<string, unknown> } }[];
    };
    expect(config.users[0]!.user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'Never',
    });

    for (const context of status.contexts) {
      const { stdout } = await run(kubectl, [
        '--kubeconfig',
        file,
        '--context',
        context,
        'auth',
        'whoami',
        '-o',
        'json',
      ]);
      const review = JSON.parse(stdout) as { status: { userInfo: { username: string; groups: string[] } } };
      expect(review.status.userInfo.username).toBe(info.dex.user.email);
      expect(review.status.userInfo.groups).toEqual(
        expect.arrayContaining([...info.dex.user.groups, 'system:authenticated']),
      );
    }

    const { token: idToken } = await harness.auth.token();
    const refreshToken = (await harness.store.get(`refresh-token ${info.dex.issuer} ${info.dex.clientId}`))!;
    expect(refreshToken).toBeTruthy();
    const secrets = [idToken, refreshToken, idToken.split('.')[2]!];
    for (const f of await filesUnder(harness.dir)) {
      const text = await readFile(f, 'latin1').catch(() => '');
      for (const s of secrets) expect(text.includes(s), `${f} contains a token`).toBe(false);
    }
    const log = harness.logLines.join('\n');
    expect(log).toContain('signed in to PIPE');
    for (const s of secrets) expect(log.includes(s)).toBe(false);

    // A GitHub-connector session renews (Dex asks the fake GitHub again).
    const renewed = await harness.auth.currentSession!.refresh();
    expect(renewed.token).not.toBe(idToken);

    // Sign out: kubeconfig gone, store empty, the helper says why it has no token.
    await harness.auth.signOut();
    await expect(stat(file)).rejects.toThrow();
    expect(await harness.store.get(`refresh-token ${info.dex.issuer} ${info.dex.clientId}`)).toBeUndefined();
    expect(harness.auth.status()).toMatchObject({ state: 'signed-out', contexts: [] });
  });

  it('a second click hands back the login in flight', async () => {
    harness = await startAuthHarness(info);
    const first = await harness.auth.signIn({ connector: 'local' });
    const second = await harness.auth.signIn({ connector: 'local' });
    expect(second).toEqual({ authUrl: first.authUrl, alreadyInFlight: true, opened: false });
    expect(harness.auth.cancelSignIn()).toEqual({ cancelled: true });
  });

  it('the credential helper fails with a clear message when the app is gone and nothing is stored', async () => {
    harness = await startAuthHarness(info);
    await signIn(harness);
    const file = kubeconfigPath(harness);
    const kubeconfig = await readFile(file, 'utf8');
    await harness.auth.dispose();
    const copy = join(harness.dir, 'copy.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(copy, kubeconfig, { mode: 0o600 }));
    const err = (await run(kubectl, [
      '--kubeconfig',
      copy,
      '--context',
      'pipe-pipe-sandbox-runtime',
      'auth',
      'whoami',
    ]).catch((e: unknown) => e)) as { stderr: string };
    expect(err.stderr).toContain('pipe-credential-helper: PIPE Desktop is not running');
  });
});

describe('refresh', () => {
  it('refreshes before expiry with the short-lived Dex; the apiserver accepts the new token', async () => {
    harness = await startAuthHarness(info, { shortLived: true });
    await signIn(harness);
    const first = (await harness.auth.token()).token;
    await new Promise<void>((resolve) => {
      const off = harness!.auth.onDidChange(() => {
        if (harness!.auth.currentSession!.refreshCount > 0 && harness!.auth.status().state === 'signed-in') {
          off();
          resolve();
        }
      });
    });
    const second = (await harness.auth.token()).token;
    expect(second).not.toBe(first);
    const review = await selfSubjectReview(kubeConfigForToken(info.runtime, second));
    expect(review.user?.username).toBe(info.dex.user.email);
  });

  it('20 concurrent 401s cause exactly one refresh, and every call succeeds with the new token', async () => {
    // The app's clock runs 30 s behind: it believes an expired token is still good until the apiserver says 401.
    harness = await startAuthHarness(info, {
      shortLived: true,
      overrides: {
        clock: { now: () => Date.now() - 30_000, setTimeout: () => 0, clearTimeout: () => undefined },
      },
    });
    await signIn(harness);
    const { token, expiresAt } = await harness.auth.token();
    // Wait past the real expiry without presenting the token (the apiserver caches successful authentications).
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 1500));
    expect(harness.tokenRequests.refresh_token).toBe(0);
    const session = harness.auth.currentSession!;
    const used: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        withFreshToken(
          session,
          async (t) => {
            used.push(t);
            const review = await selfSubjectReview(kubeConfigForToken(info.runtime, t));
            if (review.status === 401) throw Object.assign(new Error('401'), { status: 401 });
            return review;
          },
          (e) => (e as { status?: number }).status === 401,
        ),
      ),
    );
    expect(harness.tokenRequests.refresh_token).toBe(1);
    expect(used.filter((t) => t === token)).toHaveLength(20);
    expect(results.every((r) => r.user?.username === info.dex.user.email)).toBe(true);
  });

  it('a revoked refresh token gives one "sign in again" prompt, however many callers ask', async () => {
    harness = await startAuthHarness(info);
    await signIn(harness);
    // A new offline session for the same user and client makes Dex delete the app's refresh token.
    await dexPasswordGrant(info);
    const session = harness.auth.currentSession!;
    const failures = await Promise.allSettled(Array.from({ length: 5 }, () => session.refresh()));
    expect(failures.every((f) => f.status === 'rejected')).toBe(true);
    await Promise.allSettled(Array.from({ length: 5 }, () => harness!.auth.token()));
    expect(harness.tokenRequests.refresh_token).toBe(1);
    expect(harness.auth.status()).toMatchObject({ state: 'expired', error: { reason: 'refresh-failed' } });
    expect(harness.notices.list().filter((n) => n.message.includes('Sign in again'))).toHaveLength(1);
    // The next sign-in brings the session back.
    await signIn(harness);
    expect(harness.auth.status().error).toBeUndefined();
  });
});
