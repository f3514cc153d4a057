// AuthService without Dex: a profile that names no Dex, or none that loads, says what to fix; sign-in refuses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import { SIGN_IN_FAILURE_TEXT } from '../../src-shared/auth/sign-in-failures';
import { AuthService } from './auth-service';
import { MemoryCredentialStore } from './credential-store';
import type { SignInError } from './sign-in-error';

let dir: string | undefined;
let auth: AuthService | undefined;
afterEach(async () => {
  await auth?.dispose();
  auth = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(profile: PlatformProfile | undefined, profileProblem?: string): Promise<AuthService> {
  dir = await mkdtemp(join(tmpdir(), 'pipe-auth-unit-'));
  auth = new AuthService({
    profile: () => profile,
    ...(profileProblem ? { profileProblem: () => profileProblem } : {}),
    onProfileChange: () => () => undefined,
    kubeconfigDir: join(dir, 'kubeconfigs'),
    runDir: join(dir, 'run'),
    openStore: async () => ({ store: new MemoryCredentialStore() }),
    helper: { command: process.execPath, args: ['helper.mjs'] },
    reloadKubeconfigs: async () => undefined,
  });
  await auth.start();
  return auth;
}

describe('AuthService without a usable Dex', () => {
  it('a profile without Dex says so (not "no profile") and sign-in refuses with the same reason', async () => {
    const a = await start({ name: 'acme', core: { name: 'core', server: 'https://core.example' }, runtimes: [], namespaces: [] } as unknown as PlatformProfile);
    expect(a.status()).toMatchObject({ state: 'no-profile', profileName: 'acme', error: { reason: 'no-dex', message: SIGN_IN_FAILURE_TEXT['no-dex'] } });
    const err = (await a.signIn().catch((e: unknown) => e)) as SignInError;
    expect(err.reason).toBe('no-dex');
    expect(err.message).toMatch(/names no Dex .*Ask your PIPE administrators/);
  });

  it('no profile: the loader\u2019s problem (unreachable URL, not JSON) is the message', async () => {
    const problem = 'The profile could not be read from https://pipe.example/profile.json: the server cannot be reached (ENOTFOUND); check the URL and your network or VPN';
    const a = await start(undefined, problem);
    expect(a.status()).toMatchObject({ state: 'no-profile', error: { reason: 'no-profile', message: problem } });
    expect(((await a.signIn().catch((e: unknown) => e)) as SignInError).reason).toBe('no-profile');
  });
});
