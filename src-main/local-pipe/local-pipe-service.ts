// A local PIPE started from the app: build the sandbox's binaries when missing, start it, sign in to it; one at a time.
import type { AuthStatus } from '../../src-shared/contract/auth';
import type { ProfileInfo } from '../../src-shared/contract/clusters';
import type { LocalPipeStatus } from '../../src-shared/contract/local-pipe';
import type { Logger } from '../util/logger';
import { needsGoMessage, type LocalSandbox, type SandboxRunner } from './sandbox-runner';

/** The part of the auth service a local PIPE uses. */
export interface LocalPipeAuth {
  status(): AuthStatus;
  onDidChange(listener: (status: AuthStatus) => void): () => void;
  signIn(opts: { connector?: string; openBrowser?: boolean }): Promise<{ authUrl: string }>;
  cancelSignIn(): unknown;
  signOut(): Promise<unknown>;
}

/** What the service needs. */
export interface LocalPipeDeps {
  readonly runner: SandboxRunner;
  /** Points the app's platform profile at the sandbox's (undefined: back to the user's). */
  readonly useProfile: (path: string | undefined) => Promise<ProfileInfo>;
  readonly auth: LocalPipeAuth;
  readonly log?: Logger;
}

/** Lines of build and start output kept for a view that opens later. */
export const LOG_LINES_KEPT = 500;

const COLD_BUILD_NOTE =
  'Building the local PIPE from Go modules (etcd, kube-apiserver, Dex, kwok, kubectl). The first build takes several minutes; later starts reuse the cache.';

class Cancelled extends Error {
  constructor() {
    super('The local PIPE start was cancelled.');
  }
}

/** One local PIPE per app; disposing stops it (sign out, then every sandbox process). */
export class LocalPipeService {
  private current: LocalPipeStatus = { state: 'stopped', needsBuild: false };
  private readonly lines: string[] = [];
  private readonly statusListeners = new Set<(s: LocalPipeStatus) => void>();
  private readonly logListeners = new Set<(lines: string[]) => void>();
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private sandbox: LocalSandbox | undefined;
  /** True while the app's profile points at the sandbox's. */
  private profileInUse = false;

  constructor(private readonly deps: LocalPipeDeps) {}

  status(): LocalPipeStatus {
    return this.current;
  }

  onDidChange(listener: (s: LocalPipeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The lines kept so far. */
  logLines(): string[] {
    return [...this.lines];
  }

  onLog(listener: (lines: string[]) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** The running sandbox (tests). */
  get runningSandbox(): LocalSandbox | undefined {
    return this.sandbox;
  }

  /** Starts in the background; false when one is already starting or running. */
  start(): { started: boolean } {
    if (this.running || this.sandbox) return { started: false };
    const abort = new AbortController();
    this.abort = abort;
    this.lines.length = 0;
    this.running = this.run(abort.signal).finally(() => {
      this.running = undefined;
      if (this.abort === abort) this.abort = undefined;
    });
    return { started: true };
  }

  /** Cancels a build or start in progress. */
  cancel(): { cancelled: boolean } {
    if (!this.running || !this.abort) return { cancelled: false };
    this.abort.abort();
    return { cancelled: true };
  }

  /** Cancels what is in progress, signs out of the local PIPE and stops it. */
  async stop(): Promise<{ stopped: boolean }> {
    this.abort?.abort();
    await this.running;
    const sandbox = this.sandbox;
    if (!sandbox) return { stopped: false };
    this.set({ state: 'stopping', needsBuild: false });
    await this.teardown(sandbox);
    this.set({ state: 'stopped', needsBuild: false });
    return { stopped: true };
  }

  async dispose(): Promise<void> {
    await this.stop().catch((err: unknown) => this.deps.log?.warn('stopping the local PIPE failed', { error: String(err) }));
    this.statusListeners.clear();
    this.logListeners.clear();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { runner } = this.deps;
    let needsBuild = false;
    try {
      this.set({ state: 'starting', needsBuild });
      const check = await runner.check();
      if (check.missing.length > 0) {
        if (!check.go) {
          this.set({ state: 'unavailable', needsBuild: true, message: needsGoMessage(check.missing) });
          return;
        }
        needsBuild = true;
        this.set({ state: 'building', needsBuild, build: { done: 0, total: 1 } });
        this.append(COLD_BUILD_NOTE);
        await runner.build({
          signal,
          log: (line) => this.append(line),
          onProgress: (p) => this.set({ state: 'building', needsBuild, build: p }),
        });
      }
      if (signal.aborted) throw new Cancelled();
      this.set({ state: 'starting', needsBuild });
      const sandbox = await runner.start({ log: (line) => this.append(line) });
      this.sandbox = sandbox;
      if (signal.aborted) throw new Cancelled();
      this.set({ state: 'signing-in', needsBuild });
      this.profileInUse = true;
      const profile = await this.deps.useProfile(sandbox.profilePath);
      if (profile.state !== 'loaded') throw new Error(profile.error ?? 'the local PIPE profile did not load');
      const { authUrl } = await this.deps.auth.signIn({ connector: 'github', openBrowser: false });
      // The login cannot finish before the browse below answers it, so nothing is missed by subscribing now.
      const signedIn = this.signedIn(profile.name, signal);
      signedIn.catch(() => undefined);
      this.append('Signing in through the local Dex and its fake GitHub …');
      try {
        await sandbox.browse(authUrl);
      } catch (err) {
        this.deps.auth.cancelSignIn();
        throw err;
      }
      const status = await signedIn;
      this.append(`Signed in as ${status.user?.username ?? 'the sandbox user'}; the local PIPE is running.`);
      this.set({
        state: 'running',
        needsBuild,
        ...(profile.name ? { profileName: profile.name } : {}),
        ...(status.user ? { username: status.user.username } : {}),
      });
    } catch (err) {
      const cancelled = signal.aborted || (err as { code?: string }).code === 'CANCELLED';
      const message = cancelled ? new Cancelled().message : `The local PIPE did not start: ${(err as Error).message}`;
      this.append(message);
      if (!cancelled) this.deps.log?.warn('local PIPE failed to start', { error: (err as Error).message });
      const sandbox = this.sandbox;
      if (sandbox) await this.teardown(sandbox).catch(() => undefined);
      this.set({ state: cancelled ? 'stopped' : 'failed', needsBuild, message });
    }
  }

  /** Resolves when the auth service is signed in to `profileName`; rejects on a failed sign-in or a cancel. */
  private signedIn(profileName: string | undefined, signal: AbortSignal): Promise<AuthStatus> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void): void => {
        off();
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const check = (s: AuthStatus): void => {
        if (s.profileName !== profileName) return;
        if (s.state === 'signed-in') done(() => resolve(s));
        else if (s.state !== 'signing-in' && s.error) done(() => reject(new Error(s.error!.message)));
      };
      const onAbort = (): void => done(() => reject(new Cancelled()));
      const off = this.deps.auth.onDidChange(check);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async teardown(sandbox: LocalSandbox): Promise<void> {
    try {
      if (this.profileInUse) {
        await this.deps.auth.signOut().catch(() => undefined);
        await this.deps.useProfile(undefined).catch(() => undefined);
      }
    } finally {
      this.profileInUse = false;
      this.sandbox = undefined;
      await sandbox.stop();
      this.append('The local PIPE stopped.');
    }
  }

  private append(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
    for (const l of [...this.logListeners]) l([line]);
  }

  private set(status: LocalPipeStatus): void {
    this.current = status;
    for (const l of [...this.statusListeners]) l(status);
  }
}
