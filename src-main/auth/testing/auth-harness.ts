// Test harness: an AuthService over a temp app-data folder and the sandbox profile, counting Dex token requests.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parsePlatformProfile, type PlatformProfile } from '../../../src-shared/clusters/platform-profile';
import type { SandboxInfo } from '../../../sandbox/info.js';
import { createLogger } from '../../util/logger';
import { NoticeCenter } from '../../services/notice-center';
import { AuthService, type AuthServiceDeps } from '../auth-service';
import { MemoryCredentialStore } from '../credential-store';
import type { AuthFetch } from '../https-fetch';

/** A started AuthService plus what tests inspect. */
export interface AuthHarness {
  readonly auth: AuthService;
  readonly dir: string;
  readonly store: MemoryCredentialStore;
  readonly notices: NoticeCenter;
  readonly logLines: string[];
  readonly profile: PlatformProfile;
  /** Token endpoint requests by grant type. */
  readonly tokenRequests: { authorization_code: number; refresh_token: number };
  dispose(): Promise<void>;
}

/** The sandbox profile, optionally pointed at the short-lived Dex. */
export async function sandboxProfile(
  info: SandboxInfo,
  opts: { shortLived?: boolean } = {},
): Promise<PlatformProfile> {
  const { profile } = parsePlatformProfile(await readFile(info.profilePath, 'utf8'));
  if (!profile) throw new Error('sandbox profile invalid');
  return opts.shortLived
    ? { ...profile, name: 'pipe-sandbox-short', dex: { ...profile.dex, issuer: info.dexShortLived.issuer } }
    : profile;
}

/** Starts an AuthService for the sandbox. */
export async function startAuthHarness(
  info: SandboxInfo,
  opts: { shortLived?: boolean; overrides?: Partial<AuthServiceDeps> } = {},
): Promise<AuthHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'pipe-auth-'));
  const profile = await sandboxProfile(info, opts);
  const store = new MemoryCredentialStore();
  const notices = new NoticeCenter();
  const logLines: string[] = [];
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  const counting =
    (fetch: AuthFetch): AuthFetch =>
    (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/token')) {
        const grant = new URLSearchParams(init.body ?? '').get('grant_type');
        if (grant === 'authorization_code' || grant === 'refresh_token') tokenRequests[grant]++;
      }
      return fetch(url, init);
    };
  const auth = new AuthService({
    profile: () => profile,
    onProfileChange: () => () => undefined,
    kubeconfigDir: join(dir, 'kubeconfigs'),
    runDir: join(dir, 'run'),
    openStore: async () => ({ store, reason: 'test' }),
    helper: { command: process.execPath, args: [resolve('scripts/pipe-credential-helper.mjs')] },
    reloadKubeconfigs: async () => undefined,
    notices,
    wrapFetch: counting,
    log: createLogger('debug', (l) => logLines.push(l)),
    ...opts.overrides,
  });
  await auth.start();
  return {
    auth,
    dir,
    store,
    notices,
    logLines,
    profile,
    tokenRequests,
    dispose: async () => {
      await auth.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
