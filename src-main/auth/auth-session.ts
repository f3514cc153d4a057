// The signed-in session of one profile: current ID token, refresh before expiry, one refresh in flight for all callers.
import type { JWTPayload } from 'jose';
import { refreshDueAt, userFromClaims, type SignedInUser } from '../../src-shared/auth/id-token-claims';
import type { Logger } from '../util/logger';
import type { CredentialStore } from './credential-store';
import { verifyIdToken } from './id-token-verifier';
import type { OidcProvider, TokenSet } from './oidc-provider';
import { SignInError } from './sign-in-error';

/** A token the apiservers accept, with its expiry (ms since epoch). */
export interface BearerToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Session state as the UI sees it. `expired` means: one "Sign in again" prompt is showing. */
export type SessionState = 'signed-out' | 'signed-in' | 'expired';

/** Timers, injectable so tests can use a fake clock. */
export interface SessionClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What the session needs. */
export interface AuthSessionDeps {
  readonly provider: () => Promise<OidcProvider>;
  readonly store: CredentialStore;
  /** Credential store key of this profile's refresh token. */
  readonly storeKey: string;
  readonly clock?: SessionClock;
  readonly log?: Logger;
}

/** A token is handed out only while it stays valid at least this long. */
const MIN_VALIDITY_MS = 5_000;

/** Holds one profile's tokens. Disposable. */
export class AuthSession {
  private idToken: string | undefined;
  private refreshToken: string | undefined;
  private claims: JWTPayload | undefined;
  private currentState: SessionState = 'signed-out';
  private refreshing: Promise<BearerToken> | undefined;
  private timer: unknown;
  private readonly listeners = new Set<() => void>();
  private readonly clock: SessionClock;
  /** Counts refresh-token grants sent (for tests and the bench). */
  refreshCount = 0;

  constructor(private readonly deps: AuthSessionDeps) {
    this.clock = deps.clock ?? realClock;
  }

  get state(): SessionState {
    return this.currentState;
  }

  get user(): SignedInUser | undefined {
    return this.claims && this.currentState !== 'signed-out' ? userFromClaims(this.claims) : undefined;
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes the tokens of a completed sign-in (already verified). */
  async signedIn(tokens: TokenSet, claims: JWTPayload): Promise<void> {
    this.idToken = tokens.idToken;
    this.claims = claims;
    if (tokens.refreshToken) {
      this.refreshToken = tokens.refreshToken;
      await this.deps.store.set(this.deps.storeKey, tokens.refreshToken);
    }
    this.setState('signed-in');
    this.schedule();
  }

  /** Signs in silently from a refresh token in the credential store; false when there is none or it no longer works. */
  async restore(): Promise<boolean> {
    const stored = await this.deps.store.get(this.deps.storeKey);
    if (!stored) return false;
    this.refreshToken = stored;
    try {
      await this.refreshNow();
      return true;
    } catch (err) {
      this.deps.log?.info('stored PIPE session could not be renewed', {
        reason: (err as SignInError).details,
      });
      this.refreshToken = undefined;
      this.setState('signed-out');
      return false;
    }
  }

  /** A token valid for a while: the current one, or a refreshed one (shared by all callers while in flight). */
  getToken(): Promise<BearerToken> {
    if (this.currentState === 'expired') return Promise.reject(new SignInError('refresh-failed'));
    if (this.currentState === 'signed-out' || !this.idToken)
      return Promise.reject(new SignInError('no-profile', 'not signed in'));
    const expiresAt = this.expiresAt();
    if (expiresAt - this.clock.now() > MIN_VALIDITY_MS)
      return Promise.resolve({ token: this.idToken, expiresAt });
    return this.refresh();
  }

  /** Called when an apiserver answered 401 to `rejected`: at most one refresh, however many callers report it. */
  tokenRejected(rejected: string): Promise<BearerToken> {
    if (this.idToken && this.idToken !== rejected && this.currentState === 'signed-in') {
      return Promise.resolve({ token: this.idToken, expiresAt: this.expiresAt() });
    }
    return this.refresh();
  }

  /** Refreshes now; concurrent calls share one request. */
  refresh(): Promise<BearerToken> {
    if (this.currentState === 'expired') return Promise.reject(new SignInError('refresh-failed'));
    this.refreshing ??= this.refreshNow().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Forgets everything: store entry, tokens, timer; revokes the refresh token where Dex supports it. */
  async signOut(): Promise<{ revoked: boolean }> {
    const refreshToken = this.refreshToken ?? (await this.deps.store.get(this.deps.storeKey));
    this.clear();
    await this.deps.store.delete(this.deps.storeKey);
    this.setState('signed-out');
    if (!refreshToken) return { revoked: false };
    try {
      return { revoked: await (await this.deps.provider()).revoke(refreshToken) };
    } catch {
      return { revoked: false };
    }
  }

  dispose(): void {
    this.clear();
    this.listeners.clear();
  }

  private async refreshNow(): Promise<BearerToken> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) throw this.fail(new SignInError('refresh-failed', 'no refresh token'));
    let tokens: TokenSet;
    let claims: JWTPayload;
    try {
      const provider = await this.deps.provider();
      this.refreshCount++;
      tokens = await provider.refresh(refreshToken);
      claims = await verifyIdToken(tokens.idToken, provider, { now: () => this.clock.now() });
    } catch (err) {
      throw this.fail(
        err instanceof SignInError ? err : new SignInError('refresh-failed', (err as Error).message),
      );
    }
    this.idToken = tokens.idToken;
    this.claims = claims;
    if (tokens.refreshToken && tokens.refreshToken !== refreshToken) {
      this.refreshToken = tokens.refreshToken;
      await this.deps.store.set(this.deps.storeKey, tokens.refreshToken);
    }
    this.setState('signed-in');
    this.schedule();
    return { token: tokens.idToken, expiresAt: this.expiresAt() };
  }

  private fail(err: SignInError): SignInError {
    this.deps.log?.warn('PIPE session refresh failed', {
      reason: (err.details as { reason?: string } | undefined)?.reason,
    });
    if (this.currentState === 'signed-in') {
      this.clear();
      this.setState('expired');
    }
    return err;
  }

  private expiresAt(): number {
    return typeof this.claims?.exp === 'number' ? this.claims.exp * 1000 : 0;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const issuedAt = typeof this.claims?.iat === 'number' ? this.claims.iat * 1000 : this.clock.now();
    const due = refreshDueAt(issuedAt, this.expiresAt());
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.refresh().catch(() => undefined);
      },
      Math.max(0, due - this.clock.now()),
    );
  }

  private clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.idToken = undefined;
    this.refreshToken = undefined;
    if (this.currentState !== 'expired') this.claims = undefined;
  }

  private setState(state: SessionState): void {
    this.currentState = state;
    for (const l of [...this.listeners]) l();
  }
}

/** Calls `fn` with a fresh token; on 401 asks the session once for a renewed token and retries once. */
export async function withFreshToken<T>(
  session: AuthSession,
  fn: (token: string) => Promise<T>,
  isUnauthorized: (err: unknown) => boolean,
): Promise<T> {
  const { token } = await session.getToken();
  try {
    return await fn(token);
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    const renewed = await session.tokenRejected(token);
    return fn(renewed.token);
  }
}
