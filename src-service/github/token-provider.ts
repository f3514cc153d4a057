// GitHub credentials: a static token, or a GitHub App through @octokit/auth-app (JWT signing, installation tokens, caching).
import { createAppAuth } from '@octokit/auth-app';
import type { Octokit } from '@octokit/rest';
import { LRUCache } from 'lru-cache';

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

/** A PEM private key as given (PKCS#1 as GitHub downloads it, or PKCS#8); `\n` escapes from env files are accepted. */
export function normalizePrivateKey(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

/**
 * GitHub App credentials. @octokit/auth-app signs the App JWT and fetches installation tokens (cached, one request
 * shared by concurrent callers); the repository → installation lookup for deliveries without one is cached here.
 */
export class AppTokenProvider implements TokenProvider {
  readonly kind = 'app';
  private readonly auth: ReturnType<typeof createAppAuth>;
  private readonly installationByRepo = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    appId: string,
    privateKey: string,
    private readonly octokit: Octokit,
    private readonly fallbackInstallationId?: number,
  ) {
    this.auth = createAppAuth({
      appId: /^\d+$/.test(appId) ? Number(appId) : appId,
      privateKey: normalizePrivateKey(privateKey),
      request: octokit.request,
    });
  }

  /** A fresh App JWT (RS256, issued 30 s back for clock drift, 10 minutes at most). */
  async appJwt(): Promise<string> {
    return (await this.auth({ type: 'app' })).token;
  }

  async authorization(scope: { installationId?: number; owner: string; repo: string }): Promise<string> {
    const id =
      scope.installationId ??
      this.fallbackInstallationId ??
      (await this.lookupInstallation(scope.owner, scope.repo));
    return `token ${await this.installationToken(id)}`;
  }

  /** A valid installation token for `installationId`. */
  async installationToken(installationId: number): Promise<string> {
    return (await this.auth({ type: 'installation', installationId })).token;
  }

  private async lookupInstallation(owner: string, repo: string): Promise<number> {
    const key = `${owner}/${repo}`.toLowerCase();
    let id = this.installationByRepo.get(key);
    if (id === undefined) {
      const { data } = await this.octokit.rest.apps.getRepoInstallation({
        owner,
        repo,
        headers: { authorization: `bearer ${await this.appJwt()}` },
      });
      id = data.id;
      this.installationByRepo.set(key, id);
    }
    return id;
  }
}
