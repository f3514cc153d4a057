// The credential helper when PIPE Desktop is not running: kubectl through the app-managed kubeconfig still works, the
// helper renewing the session by itself from the refresh token in the keychain (real Dex refresh grant, real apiserver).
// This machine has no Secret Service, so @napi-rs/keyring cannot store anything here: the helper process gets a
// file-backed stand-in with the same Entry API through Node's module hooks (testing/fake-keyring*.mjs). What is not
// exercised: the OS keychain itself, and the desktop app's safeStorage (the helper does not read it; see README).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { browseDexLogin, jwtClaims, readSandboxInfo } from '../../sandbox/index.js';
import { findBinary } from '../../sandbox/binaries.js';
import { KEYCHAIN_SERVICE } from './credential-store';
import { startAuthHarness, type AuthHarness } from './testing/auth-harness';

const run = promisify(execFile);
const info = readSandboxInfo();
const kubectl = findBinary('kubectl')!;
const REGISTER = resolve('src-main/auth/testing/fake-keyring-register.mjs');
let harness: AuthHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

interface ExecUser {
  user: { exec: { env?: { name: string; value: string }[] } };
}

describe('credential helper without the app', () => {
  it('renews from the keychain entry, so kubectl works while PIPE Desktop is not running; without an entry it says to sign in', async () => {
    harness = await startAuthHarness(info);
    const { authUrl } = await harness.auth.signIn({ connector: 'local' });
    await browseDexLogin(info, authUrl, { redirectUri: new URL(authUrl).searchParams.get('redirect_uri')! });
    await new Promise<void>((done) => {
      const off = harness!.auth.onDidChange((s) => s.state === 'signed-in' && (off(), done()));
    });
    const storeKey = `refresh-token ${info.dex.issuer} ${info.dex.clientId}`;
    const refreshToken = (await harness.store.get(storeKey))!;
    const appToken = (await harness.auth.token()).token;
    const managed = await readFile(join(harness.dir, 'kubeconfigs', 'pipe-pipe-sandbox.yaml'), 'utf8');

    // The app quits: its socket and key file are gone.
    await harness.auth.dispose();

    // The keychain holds what the app stored; the helper (run by kubectl) loads the stand-in instead of the native module.
    const keyring = join(harness.dir, 'keyring.json');
    await writeFile(keyring, JSON.stringify({ [`${KEYCHAIN_SERVICE}/${storeKey}`]: refreshToken }), { mode: 0o600 });
    const config = parse(managed) as { users: ExecUser[] };
    for (const u of config.users)
      u.user.exec.env = [...(u.user.exec.env ?? []), { name: 'NODE_OPTIONS', value: `--import=${REGISTER}` }, { name: 'PIPE_TEST_KEYRING_FILE', value: keyring }];
    const file = join(harness.dir, 'app-not-running.yaml');
    await writeFile(file, stringify(config), { mode: 0o600 });

    const { stdout } = await run(kubectl, ['--kubeconfig', file, '--context', 'pipe-pipe-sandbox-runtime', 'auth', 'whoami', '-o', 'json']);
    const review = JSON.parse(stdout) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(review.status.userInfo.username).toBe(info.dex.user.email);
    expect(review.status.userInfo.groups).toEqual(expect.arrayContaining(info.dex.user.groups));

    // The same helper call on its own: an ExecCredential with a new token (not the one the app held) and its expiry.
    const user = config.users[0]!.user.exec as unknown as { command: string; args: string[]; env: { name: string; value: string }[] };
    const env = { ...process.env, ...Object.fromEntries(user.env.map((e) => [e.name, e.value])) };
    const helper = await run(user.command, user.args, { env });
    const cred = JSON.parse(helper.stdout) as { kind: string; apiVersion: string; status: { token: string; expirationTimestamp: string } };
    expect(cred).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1' });
    expect(cred.status.token).not.toBe(appToken);
    expect(jwtClaims(cred.status.token).email).toBe(info.dex.user.email);
    expect(Date.parse(cred.status.expirationTimestamp)).toBe(Number(jwtClaims(cred.status.token).exp) * 1000);
    // The entry is still there for the next call (Dex's refresh tokens do not rotate in the sandbox).
    expect(JSON.parse(readFileSync(keyring, 'utf8'))).toEqual({ [`${KEYCHAIN_SERVICE}/${storeKey}`]: refreshToken });

    // Nothing stored: a clear message, exit code 1, no token.
    await writeFile(keyring, '{}');
    const failed = (await run(user.command, user.args, { env }).catch((e: unknown) => e)) as { code: number; stdout: string; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe('pipe-credential-helper: PIPE Desktop is not running and holds no stored session; sign in with PIPE Desktop\n');
  });
});
