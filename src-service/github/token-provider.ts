// GitHub credentials: a static token, or a GitHub App whose installation tokens are cached and refreshed before expiry.
import type { KeyObject } from 'node:crypto';
import { createAppJwt } from './app-jwt';

/** Supplies the Authorization header value for API calls. */
export interface TokenProvider {
  readonly kind: 'token' | 'app';
  /** `token …` / `bearer …` header for calls about a repository (installation token for Apps). */
  authorization(scope: { installationId?: number; owner: string; repo: string }): Promise<string>;
}

/** A personal access / fine-grained / OAuth token. */
export class StaticTokenProvider implements TokenProvider {
  readonly kind = 'token';
  constructor(private readonly token: string) {}
  async authorization(): Promise<string> {
    return `token ${this.token}`;
  }
}

/** The App-level calls the provider makes (injected so tests and the Octokit wiring stay separate). */
export interface AppApi {
  /** POST /app/installations/{id}/access_tokens with the App JWT. */
  createInstallationToken(jwt: string, installationId: number): Promise<{ token: string; expiresAt: string }>;
  /** GET /repos/{owner}/{repo}/installation with the App JWT. */
  findInstallation(jwt: string, owner: string, repo: string): Promise<number>;
}

/** Refresh an installation token when less than this is left (GitHub tokens live one hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** GitHub App credentials: JWT → installation token, cached per installation, concurrent callers share one refresh. */
export class AppTokenProvider implements TokenProvider {
  readonly kind = 'app';
  private readonly tokens = new Map<number, { token: string; expiresAt: number }>();
  private readonly pending = new Map<number, Promise<string>>();
  private readonly installationByRepo = new Map<string, number>();
  private jwt: { token: string; expiresAt: number } | undefined;

  constructor(
    private readonly appId: string,
    private readonly key: KeyObject,
    private readonly api: AppApi,
    private readonly fallbackInstallationId?: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The App JWT (cached until a minute before expiry). */
  appJwt(): string {
    if (!this.jwt || this.jwt.expiresAt - this.now() < 60_000)
      this.jwt = createAppJwt(this.appId, this.key, this.now());
    return this.jwt.token;
  }

  async authorization(scope: { installationId?: number; owner: string; repo: string }): Promise<string> {
    const id =
      scope.installationId ??
      this.fallbackInstallationId ??
      (await this.lookupInstallation(scope.owner, scope.repo));
    return `token ${await this.installationToken(id)}`;
  }

  /** A valid installation token, refreshed when it has under 5 minutes left. */
  async installationToken(installationId: number): Promise<string> {
    const cached = this.tokens.get(installationId);
    if (cached && cached.expiresAt - this.now() > REFRESH_MARGIN_MS) return cached.token;
    let inflight = this.pending.get(installationId);
    if (!inflight) {
      inflight = this.api
        .createInstallationToken(this.appJwt(), installationId)
        .then(({ token, expiresAt }) => {
          this.tokens.set(installationId, { token, expiresAt: Date.parse(expiresAt) });
          return token;
        })
        .finally(() => this.pending.delete(installationId));
      this.pending.set(installationId, inflight);
    }
    return inflight;
  }

  private async lookupInstallation(owner: string, repo: string): Promise<number> {
    const key = `${owner}/${repo}`.toLowerCase();
    let id = this.installationByRepo.get(key);
    if (id === undefined) {
      id = await this.api.findInstallation(this.appJwt(), owner, repo);
      this.installationByRepo.set(key, id);
    }
    return id;
  }
}
