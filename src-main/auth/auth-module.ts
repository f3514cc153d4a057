// Wires the auth service into the host: credential store per mode, helper command, kubeconfig reloads.
import { join, resolve } from 'node:path';
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { authContract } from '../../src-shared/contract/auth';
import type { HostConfig } from '../config';
import type { ClustersModule } from '../clusters/clusters-module';
import type { ServiceContainer } from '../host/service-container';
import type { NoticeCenter } from '../services/notice-center';
import type { Logger } from '../util/logger';
import { AuthService, type AuthServiceDeps } from './auth-service';
import type { CredentialStore } from './credential-store';
import { createAuthHandlers } from './auth-handlers';
import { openKeychainOrMemory } from './keyring-credential-store';
import { retryClustersAfterSignIn } from './retry-after-sign-in';

/** Options that differ per entry (Electron passes its safeStorage store) and per test. */
export interface AuthModuleOptions {
  readonly openStore?: () => Promise<{ store: CredentialStore; reason?: string }>;
  readonly openExternal?: (url: string) => Promise<void>;
  readonly overrides?: Partial<AuthServiceDeps>;
}

/** The desktop app's command-line flag that makes it print an ExecCredential and exit. */
export const CREDENTIAL_HELPER_FLAG = '--pipe-credential-helper';

/** Where the credential helper script is (next to the app's scripts; overridable for packaged builds). */
export function credentialHelperScript(config: HostConfig): string {
  return (
    config.env.PIPE_DESKTOP_CREDENTIAL_HELPER ||
    resolve(process.cwd(), 'scripts', 'pipe-credential-helper.mjs')
  );
}

/** Creates the auth service (started after the cluster services) and its handlers. */
export function createAuthModule(
  config: HostConfig,
  clusters: Pick<ClustersModule, 'profile' | 'store' | 'registry'>,
  services: ServiceContainer,
  notices: NoticeCenter,
  log: Logger,
  options: AuthModuleOptions = {},
): { auth: AuthService; handlers: DomainHandlers<typeof authContract> } {
  const auth = services.add(
    'auth',
    new AuthService({
      profile: () => clusters.profile.profile,
      profileProblem: () => clusters.profile.info.error,
      onProfileChange: (l) => clusters.profile.onDidChange(() => l()),
      kubeconfigDir: join(config.appDataDir, 'kubeconfigs'),
      runDir: join(config.appDataDir, 'run'),
      openStore: options.openStore ?? (() => openKeychainOrMemory()),
      // The desktop app is its own helper (`--pipe-credential-helper`, see electron/main.ts): a shipped app has the
      // RunAsNode fuse off and no scripts/ folder. Browser mode runs the script with the Node running the host.
      helper: process.versions.electron
        ? { command: process.execPath, args: [CREDENTIAL_HELPER_FLAG] }
        : { command: process.execPath, args: [credentialHelperScript(config)] },
      reloadKubeconfigs: () => clusters.store.reload(),
      notices,
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
      log,
      ...options.overrides,
    }),
  );
  const stopRetrying = retryClustersAfterSignIn(auth, clusters.registry);
  services.add('auth-cluster-retry', { dispose: stopRetrying });
  return { auth, handlers: createAuthHandlers(auth) };
}
