// The app's own GitHub sign-in (Dex does not pass GitHub tokens on): OAuth device flow, token in the credential store.
import { createOAuthDeviceAuth } from '@octokit/auth-oauth-device';
import { Octokit } from '@octokit/rest';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import type { GithubStatus } from '../../src-shared/contract/auth';
import { RpcError } from '../../src-shared/contract/errors';
import type { Logger } from '../util/logger';
import type { CredentialStore } from './credential-store';
import { createAuthFetch } from './https-fetch';

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => (out[key] = value));
  return out;
}

/** Device-flow answers that end a sign-in, with what to tell the user. */
const DEVICE_ERRORS: Readonly<Record<string, string>> = {
  expired_token: 'The GitHub code expired before it was entered. Start again to get a new code.',
  access_denied: 'GitHub sign-in was cancelled on GitHub. Start again if that was a mistake.',
  incorrect_device_code: 'GitHub did not recognise this sign-in. Start again.',
  unsupported_grant_type: 'GitHub refused the device flow. Ask your GitHub administrators to enable it for this OAuth app.',
  device_flow_disabled: 'Device flow is disabled for this OAuth app on GitHub. Ask your administrators to enable it.',
};

type Listener = () => void;

/** What the GitHub account needs. */
export interface GithubAccountDeps {
  readonly profile: () => PlatformProfile | undefined;
  readonly store: () => CredentialStore | undefined;
  readonly log?: Logger;
}

/** One GitHub sign-in per profile's GitHub (github.com or Enterprise). */
export class GithubAccount {
  private current: GithubStatus = { state: 'signed-out' };
  private abort: AbortController | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly deps: GithubAccountDeps) {}

  get status(): GithubStatus {
    return this.deps.profile()?.github?.apiUrl ? this.current : { state: 'unavailable' };
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Restores a stored token (checked against GET /user); a token GitHub no longer accepts is dropped. */
  async restore(): Promise<void> {
    const gh = this.deps.profile()?.github;
    const store = this.deps.store();
    if (!gh?.apiUrl || !store) return;
    const token = await store.get(this.key(gh.apiUrl));
    if (!token) return;
    try {
      const { data } = await this.octokit(token).rest.users.getAuthenticated();
      this.set({ state: 'signed-in', login: data.login });
    } catch {
      await store.delete(this.key(gh.apiUrl));
    }
  }

  /** Starts the device flow; resolves with the code to show once GitHub handed it out. Polling continues in the background. */
  async start(): Promise<{ userCode: string; verificationUri: string; expiresAt: number }> {
    const gh = this.deps.profile()?.github;
    const store = this.deps.store();
    if (!gh?.apiUrl || !gh.clientId || !store) throw new RpcError('invalid-config', 'The PIPE profile names no GitHub (apiUrl and clientId).');
    if (this.current.state === 'waiting' && this.current.userCode) {
      return { userCode: this.current.userCode, verificationUri: this.current.verificationUri!, expiresAt: this.current.expiresAt! };
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    let shown: (v: { userCode: string; verificationUri: string; expiresAt: number }) => void = () => undefined;
    const verification = new Promise<{ userCode: string; verificationUri: string; expiresAt: number }>((r) => (shown = r));
    const auth = createOAuthDeviceAuth({
      clientType: 'oauth-app',
      clientId: gh.clientId,
      scopes: ['repo', 'read:org'],
      request: this.octokit(undefined, abort.signal).request,
      onVerification: (v) => {
        const shownCode = { userCode: v.user_code, verificationUri: v.verification_uri, expiresAt: Date.now() + v.expires_in * 1000 };
        this.set({ state: 'waiting', ...shownCode });
        shown(shownCode);
      },
    });
    const done = auth({ type: 'oauth' }).then(
      async ({ token }) => {
        await store.set(this.key(gh.apiUrl!), token);
        const { data } = await this.octokit(token).rest.users.getAuthenticated();
        this.set({ state: 'signed-in', login: data.login });
        this.deps.log?.info('signed in to GitHub', { login: data.login });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return this.set({ state: 'signed-out' });
        const code = (err as { response?: { data?: { error?: string } } }).response?.data?.error;
        const message = (code && DEVICE_ERRORS[code]) ?? `GitHub sign-in failed: ${(err as Error).message}`;
        this.deps.log?.warn('GitHub sign-in failed', { code });
        this.set({ state: 'signed-out', error: message });
      },
    );
    return Promise.race([verification, done.then(() => Promise.reject(new RpcError('unavailable', this.current.error ?? 'GitHub sign-in ended.')))]);
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Octokit with the signed-in user's token against the profile's GitHub, or undefined when not signed in. */
  async client(): Promise<Octokit | undefined> {
    const token = await this.token();
    return token ? this.octokit(token) : undefined;
  }

  /** The stored token (for API calls), if signed in. */
  async token(): Promise<string | undefined> {
    const gh = this.deps.profile()?.github;
    return gh?.apiUrl ? this.deps.store()?.get(this.key(gh.apiUrl)) : undefined;
  }

  async signOut(): Promise<void> {
    this.abort?.abort();
    const gh = this.deps.profile()?.github;
    if (gh?.apiUrl) await this.deps.store()?.delete(this.key(gh.apiUrl));
    this.set({ state: 'signed-out' });
  }

  dispose(): void {
    this.abort?.abort();
    this.listeners.clear();
  }

  private key(apiUrl: string): string {
    return `github-token ${apiUrl}`;
  }

  /** Octokit against the profile's GitHub, trusting its CA; `signal` cancels every request it sends. */
  private octokit(token?: string, signal?: AbortSignal): Octokit {
    const gh = this.deps.profile()!.github!;
    const ca = gh.caData ? Buffer.from(gh.caData, 'base64').toString('utf8') : undefined;
    const fetch = createAuthFetch({ ...(ca ? { ca } : {}) });
    return new Octokit({
      baseUrl: gh.apiUrl!.replace(/\/+$/, ''),
      ...(token ? { auth: token } : {}),
      request: {
        fetch: (url: string, init: RequestInit = {}) =>
          fetch(url, {
            method: init.method ?? 'GET',
            headers: headerRecord(init.headers),
            ...(typeof init.body === 'string' ? { body: init.body } : {}),
            ...(signal ? { signal } : {}),
          }),
      },
    });
  }

  private set(status: GithubStatus): void {
    this.current = status;
    for (const l of [...this.listeners]) l();
  }
}
