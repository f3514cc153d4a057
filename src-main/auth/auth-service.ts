// Signing in to PIPE: one login at a time, the session, the app-managed kubeconfig and the credential socket.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import {
  buildManagedKubeconfig,
  managedContextName,
  managedKubeconfigFileName,
} from '../../src-shared/auth/managed-kubeconfig';
import type { AuthStatus } from '../../src-shared/contract/auth';
import { SIGN_IN_FAILURE_TEXT } from '../../src-shared/auth/sign-in-failures';
import { RpcError } from '../../src-shared/contract/errors';
import type { NoticeCenter } from '../services/notice-center';
import { atomicWrite } from '../util/atomic-write';
import type { Logger } from '../util/logger';
import { AuthSession, type BearerToken, type SessionClock } from './auth-session';
import type { CredentialStore } from './credential-store';
import { startCredentialSocket, type CredentialSocket } from './credential-socket-server';
import { GithubAccount } from './github-account';
import { createAuthFetch, type AuthFetch } from './https-fetch';
import { startLogin, type PendingLogin } from './login-flow';
import { discoverProvider, type OidcProvider } from './oidc-provider';
import { SignInError } from './sign-in-error';

/** What the auth service needs. */
export interface AuthServiceDeps {
  readonly profile: () => PlatformProfile | undefined;
  /** Why the profile could not be loaded (unreachable URL, not JSON, invalid), shown while there is none. */
  readonly profileProblem?: () => string | undefined;
  readonly onProfileChange: (listener: () => void) => () => void;
  /** The folder the kubeconfig store reads app-managed kubeconfigs from. */
  readonly kubeconfigDir: string;
  /** User-only folder for the credential socket. */
  readonly runDir: string;
  readonly openStore: () => Promise<{ store: CredentialStore; reason?: string }>;
  /**
   * How kubectl starts the helper: a program and the arguments before the helper's own (Node + the script in a
   * checkout or browser mode; the app's own executable with `--pipe-credential-helper` in the desktop app).
   */
  readonly helper: {
    readonly command: string;
    readonly args: readonly string[];
    readonly env?: readonly { name: string; value: string }[];
  };
  readonly reloadKubeconfigs: () => Promise<void>;
  readonly notices?: NoticeCenter;
  readonly openExternal?: (url: string) => Promise<void>;
  readonly loginTimeoutMs?: number;
  readonly clock?: SessionClock;
  /** Tests: wraps the fetch used for Dex (e.g. to count token requests). */
  readonly wrapFetch?: (fetch: AuthFetch) => AuthFetch;
  readonly log?: Logger;
}

type Listener = (status: AuthStatus) => void;

/** The one owner of sign-in state. Start it after the kubeconfig store; dispose stops the socket and any login. */
export class AuthService {
  private store: CredentialStore | undefined;
  private storeReason: string | undefined;
  private toldMemoryOnly = false;
  private session: AuthSession | undefined;
  private sessionKey = '';
  private provider: Promise<OidcProvider> | undefined;
  private pending: { login: PendingLogin; profile: PlatformProfile } | undefined;
  private starting: Promise<PendingLogin> | undefined;
  private lastError: AuthStatus['error'];
  private socket: CredentialSocket | undefined;
  private readonly listeners = new Set<Listener>();
  private offProfile: (() => void) | undefined;
  private offSession: (() => void) | undefined;
  private disposed = false;
  /** The last profile change being applied (restore or forget); a sign-in waits for it. */
  private profileSync: Promise<void> = Promise.resolve();
  /** The app's own GitHub sign-in (device flow). */
  readonly github: GithubAccount;

  constructor(private readonly deps: AuthServiceDeps) {
    this.github = new GithubAccount({ profile: deps.profile, store: () => this.store, ...(deps.log ? { log: deps.log } : {}) });
    this.github.onDidChange(() => this.changed());
  }

  async start(): Promise<void> {
    const opened = await this.deps.openStore();
    this.store = opened.store;
    this.storeReason = opened.reason;
    this.socket = await startCredentialSocket(
      this.deps.runDir,
      (p) => this.tokenForProfile(p),
      this.deps.log,
    );
    this.offProfile = this.deps.onProfileChange(() => {
      this.profileSync = this.profileSync.then(() => this.profileChanged()).catch(() => undefined);
    });
    this.profileSync = this.profileChanged();
    await this.profileSync;
    await this.github.restore().catch(() => undefined);
  }

  status(): AuthStatus {
    const profile = this.deps.profile();
    const storage = this.store?.kind ?? 'unknown';
    const github = this.github.status;
    if (!profile?.dex?.issuer || !profile.dex.clientId) {
      const problem = profile ? SIGN_IN_FAILURE_TEXT['no-dex'] : this.deps.profileProblem?.();
      const error = this.lastError ?? (problem ? { reason: profile ? ('no-dex' as const) : ('no-profile' as const), message: problem } : undefined);
      return {
        state: 'no-profile',
        ...(profile?.name ? { profileName: profile.name } : {}),
        storage,
        contexts: [],
        github,
        ...(error ? { error } : {}),
      };
    }
    const s = this.session;
    const state: AuthStatus['state'] = this.pending ? 'signing-in' : (s?.state ?? 'signed-out');
    const user = s?.user;
    return {
      state,
      ...(profile.name ? { profileName: profile.name } : {}),
      issuer: profile.dex.issuer,
      storage,
      ...(user ? { user: { ...user, groups: [...user.groups] } } : {}),
      ...(this.pending ? { authUrl: this.pending.login.authUrl } : {}),
      ...(this.lastError ? { error: this.lastError } : {}),
      contexts: s?.state === 'signed-in' ? this.contextsOf(profile) : [],
      github,
    };
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A token for the current session (what the credential socket serves). */
  token(): Promise<BearerToken> {
    if (!this.session) return Promise.reject(new SignInError('no-profile', 'not signed in'));
    return this.session.getToken();
  }

  /** The session (tests, the 401 path of API callers). */
  get currentSession(): AuthSession | undefined {
    return this.session;
  }

  get credentialSocketPath(): string | undefined {
    return this.socket?.socketPath;
  }

  /**
   * Starts a login, or hands back the one in flight. `openBrowser: false` leaves the browser to the caller (the local
   * PIPE, whose fake GitHub the app answers itself).
   */
  async signIn(
    opts: { connector?: string; openBrowser?: boolean } = {},
  ): Promise<{ authUrl: string; alreadyInFlight: boolean; opened: boolean }> {
    await this.profileSync;
    if (this.pending) return { authUrl: this.pending.login.authUrl, alreadyInFlight: true, opened: false };
    if (this.starting)
      return { authUrl: (await this.starting).authUrl, alreadyInFlight: true, opened: false };
    const profile = this.requireProfile();
    this.lastError = undefined;
    this.starting = (async () =>
      startLogin({
        provider: await this.providerFor(profile),
        fetch: this.fetchFor(profile),
        timeoutMs: this.deps.loginTimeoutMs ?? 5 * 60_000,
        ...(opts.connector ? { connectorId: opts.connector } : {}),
      }))();
    let login: PendingLogin;
    try {
      login = await this.starting;
    } catch (err) {
      this.fail(err);
      throw err;
    } finally {
      this.starting = undefined;
    }
    this.pending = { login, profile };
    this.changed();
    void login.done
      .then(
        async ({ tokens, claims }) => {
          const session = this.sessionFor(profile);
          await session.signedIn(tokens, claims);
          await this.writeKubeconfig(profile);
          this.tellMemoryOnlyOnce();
          this.deps.log?.info('signed in to PIPE', {
            profile: profile.name,
            groups: session.user?.groups.length ?? 0,
          });
        },
        (err: unknown) => this.fail(err),
      )
      .finally(() => {
        if (this.pending?.login === login) this.pending = undefined;
        this.changed();
      });
    let opened = false;
    if (this.deps.openExternal && opts.openBrowser !== false) {
      await this.deps.openExternal(login.authUrl);
      opened = true;
    }
    return { authUrl: login.authUrl, alreadyInFlight: false, opened };
  }

  cancelSignIn(): { cancelled: boolean } {
    if (!this.pending) return { cancelled: false };
    this.pending.login.cancel();
    return { cancelled: true };
  }

  async signOut(): Promise<{ revoked: boolean }> {
    this.pending?.login.cancel();
    const profile = this.deps.profile();
    const result = (await this.session?.signOut()) ?? { revoked: false };
    if (profile) await this.removeKubeconfig(profile);
    this.lastError = undefined;
    this.changed();
    return result;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.pending?.login.cancel();
    this.offProfile?.();
    this.offSession?.();
    this.session?.dispose();
    this.github.dispose();
    this.listeners.clear();
    await this.socket?.dispose();
  }

  private requireProfile(): PlatformProfile {
    const profile = this.deps.profile();
    if (!profile) throw new SignInError('no-profile');
    if (!profile.dex?.issuer || !profile.dex.clientId)
      throw new SignInError('no-dex');
    return profile;
  }

  private fetchFor(profile: PlatformProfile): AuthFetch {
    const ca = profile.dex?.caData ? Buffer.from(profile.dex.caData, 'base64').toString('utf8') : undefined;
    const fetch = createAuthFetch({ ...(ca ? { ca } : {}) });
    return this.deps.wrapFetch ? this.deps.wrapFetch(fetch) : fetch;
  }

  private providerFor(profile: PlatformProfile): Promise<OidcProvider> {
    this.sessionFor(profile);
    this.provider ??= discoverProvider(
      profile.dex!.issuer!,
      profile.dex!.clientId!,
      this.fetchFor(profile),
    ).catch((err: unknown) => {
      this.provider = undefined;
      throw err;
    });
    return this.provider;
  }

  private storeKeyOf(profile: PlatformProfile): string {
    return `refresh-token ${profile.dex?.issuer} ${profile.dex?.clientId}`;
  }

  /** The session of this profile's Dex; a different issuer or client id starts a new session. */
  private sessionFor(profile: PlatformProfile): AuthSession {
    const key = this.storeKeyOf(profile);
    if (this.session && this.sessionKey === key) return this.session;
    this.offSession?.();
    this.session?.dispose();
    this.provider = undefined;
    this.sessionKey = key;
    this.session = new AuthSession({
      provider: () => this.providerFor(profile),
      store: this.store!,
      storeKey: key,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.log ? { log: this.deps.log } : {}),
    });
    this.offSession = this.session.onDidChange(() => this.sessionChanged(profile));
    return this.session;
  }

  private async profileChanged(): Promise<void> {
    const profile = this.deps.profile();
    if (!profile?.dex?.issuer || !profile.dex.clientId || !this.store) return this.changed();
    const key = this.storeKeyOf(profile);
    if (this.session && this.sessionKey === key) return this.changed();
    const session = this.sessionFor(profile);
    if (await session.restore().catch(() => false)) await this.writeKubeconfig(profile);
    else await this.removeKubeconfig(profile);
    this.changed();
  }

  private sessionChanged(profile: PlatformProfile): void {
    if (this.session?.state === 'expired') {
      // One prompt, not an error per request; the kubeconfig stays so views resume after the next sign-in.
      this.lastError = { reason: 'refresh-failed', message: new SignInError('refresh-failed').message };
      this.deps.notices?.raise(
        'warning',
        `${this.lastError.message} (profile ${profile.name ?? profile.dex?.issuer})`,
      );
    }
    this.changed();
  }

  private tokenForProfile(name: string): Promise<BearerToken> {
    const profile = this.deps.profile();
    if (!profile || (profile.name ?? 'profile') !== name)
      return Promise.reject(new SignInError('no-profile', `no signed-in profile "${name}"`));
    return this.token();
  }

  private contextsOf(profile: PlatformProfile): string[] {
    return [profile.core, ...profile.runtimes]
      .filter((r) => r.server)
      .map((r) => managedContextName(profile, r));
  }

  private async writeKubeconfig(profile: PlatformProfile): Promise<void> {
    if (this.disposed) return;
    const storeKey = this.storeKeyOf(profile);
    const config = buildManagedKubeconfig(profile, {
      command: this.deps.helper.command,
      args: [
        ...this.deps.helper.args,
        '--run-dir',
        this.deps.runDir,
        '--profile',
        profile.name ?? 'profile',
        '--issuer',
        profile.dex!.issuer!,
        '--client-id',
        profile.dex!.clientId!,
        '--store-key',
        storeKey,
      ],
      env: [
        ...(this.deps.helper.env ?? []),
        ...(profile.dex?.caData ? [{ name: 'PIPE_DEX_CA_DATA', value: profile.dex.caData }] : []),
      ],
    });
    await atomicWrite(
      join(this.deps.kubeconfigDir, managedKubeconfigFileName(profile)),
      stringify(config),
      0o600,
    );
    await this.deps.reloadKubeconfigs();
  }

  private async removeKubeconfig(profile: PlatformProfile): Promise<void> {
    await rm(join(this.deps.kubeconfigDir, managedKubeconfigFileName(profile)), { force: true });
    await this.deps.reloadKubeconfigs();
  }

  private tellMemoryOnlyOnce(): void {
    if (this.toldMemoryOnly || this.store?.persistent !== false) return;
    this.toldMemoryOnly = true;
    this.deps.notices?.raise(
      'info',
      `Your PIPE session is kept in memory only: ${this.storeReason ?? 'no OS keychain is available'}. You will sign in again after restarting PIPE Desktop.`,
    );
  }

  private fail(err: unknown): void {
    const reason = err instanceof SignInError ? err.reason : 'dex-error';
    const message = err instanceof RpcError ? err.message : 'The sign-in failed.';
    this.lastError = { reason, message };
    this.deps.log?.warn('PIPE sign-in failed', { reason });
  }

  private changed(): void {
    const status = this.status();
    for (const l of [...this.listeners]) l(status);
  }
}
