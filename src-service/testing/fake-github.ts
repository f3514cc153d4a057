// A local GitHub REST server for tests and benches, answering with GitHub's documented shapes (docs.github.com/rest):
// git commits/trees/blobs, commits, compare, pull files, statuses, deployments (+statuses), check runs, App installation tokens.
import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitRepo } from './fake-git-repo';
import { fakeGithubRoutes } from './fake-github-routes';
import { fakeGithubGitWriteRoutes } from './fake-github-git-writes';

/** Everything the fake recorded (what pipe-events told GitHub). */
export interface FakeGithubRecords {
  readonly statuses: {
    repo: string;
    sha: string;
    state: string;
    context: string;
    description?: string;
    target_url?: string;
    created_at: string;
  }[];
  readonly deployments: {
    id: number;
    repo: string;
    sha: string;
    ref: string;
    environment: string;
    payload: unknown;
    auto_merge: unknown;
    required_contexts: unknown;
    created_at: string;
  }[];
  readonly deploymentStatuses: {
    deploymentId: number;
    state: string;
    description?: string;
    log_url?: string;
    created_at: string;
  }[];
  readonly checkRuns: {
    id: number;
    repo: string;
    head_sha: string;
    name: string;
    status: string;
    conclusion?: string;
    details_url?: string;
    output?: unknown;
    updates: number;
  }[];
  readonly installationTokens: { installationId: number; token: string; expires_at: string }[];
  /** Issue / PR comments posted (POST …/issues/{n}/comments). */
  readonly comments: { id: number; repo: string; issue: number; body: string; user: string }[];
  /** Reactions added to comments (POST …/issues/comments/{id}/reactions). */
  readonly reactions: { repo: string; commentId: number; content: string }[];
  readonly requests: { method: string; path: string; status: number }[];
}

/** A scripted failure for the next matching request (rate limits, outages). */
export interface InjectedFailure {
  readonly match: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly message?: string;
  times: number;
}

/** Options of the fake. */
export interface FakeGithubOptions {
  /** Accepted `token …` credentials (a PAT); installation tokens issued by the fake are accepted too. */
  readonly tokens?: readonly string[];
  /** App public key (PEM) to verify App JWTs; App endpoints answer 401 without it. */
  readonly appPublicKey?: string;
  readonly appId?: string;
  /** Recursive trees with more entries than this are truncated (GitHub: 100,000 entries or 7 MB). */
  readonly truncateTreesOver?: number;
  /** Installation token lifetime (GitHub: one hour). */
  readonly tokenLifetimeMs?: number;
  readonly port?: number;
}

/** The request context route handlers get. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  readonly params: Record<string, string>;
}

/** A route handler's answer. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A running fake GitHub. */
export class FakeGithub {
  readonly repos = new Map<string, FakeGitRepo>();
  readonly records: FakeGithubRecords = {
    statuses: [],
    deployments: [],
    deploymentStatuses: [],
    checkRuns: [],
    installationTokens: [],
    comments: [],
    reactions: [],
    requests: [],
  };
  readonly failures: InjectedFailure[] = [];
  /** Pull requests (`owner/name#number` → base and head commits, optionally author and fork) for the pulls endpoints. */
  readonly pulls = new Map<
    string,
    {
      base: string;
      head: string;
      baseRef?: string;
      headRef?: string;
      author?: string;
      headRepository?: string;
      /** As opened through the API (GET returns them; GitHub's body is null when none was given). */
      title?: string;
      body?: string | null;
    }
  >();
  /** Repository permission per user (`owner/name:login`, lower case → admin / write / read); others get 404. */
  readonly permissions = new Map<string, 'admin' | 'write' | 'read' | 'none'>();
  private readonly server: Server;
  private readonly appKey: KeyObject | undefined;
  private nextId = 1000;
  url = '';

  constructor(readonly opts: FakeGithubOptions = {}) {
    this.appKey = opts.appPublicKey ? createPublicKey(opts.appPublicKey) : undefined;
    this.server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void this.handleRequest(req, res));
  }

  /** Starts on 127.0.0.1 (random port unless given). */
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(this.opts.port ?? 0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Creates (or returns) a repository. */
  repo(fullName: string, defaultBranch = 'main'): FakeGitRepo {
    let r = this.repos.get(fullName.toLowerCase());
    if (!r) {
      const [owner, name] = fullName.split('/') as [string, string];
      r = new FakeGitRepo(owner, name, defaultBranch);
      this.repos.set(fullName.toLowerCase(), r);
    }
    return r;
  }

  /** A fresh numeric id. */
  id(): number {
    return this.nextId++;
  }

  /** Fails the next `times` requests whose `METHOD /path` matches. */
  inject(failure: Omit<InjectedFailure, 'times'> & { times?: number }): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Checks a `token …`/`bearer …` Authorization header; `app` = an App JWT is required. */
  authorize(header: string | undefined, kind: 'repo' | 'app'): boolean {
    if (!header) return false;
    const [scheme, credential] = header.split(' ');
    if (kind === 'app')
      return scheme?.toLowerCase() === 'bearer' && !!credential && this.verifyJwt(credential);
    if (!credential) return false;
    if (this.opts.tokens?.includes(credential)) return true;
    const issued = this.records.installationTokens.find((t) => t.token === credential);
    return !!issued && Date.parse(issued.expires_at) > Date.now();
  }

  /** Issues an installation token (ghs_…) valid for the configured lifetime. */
  issueToken(installationId: number): { token: string; expires_at: string } {
    const t = {
      installationId,
      token: `ghs_${randomBytes(18).toString('hex')}`,
      expires_at: new Date(Date.now() + (this.opts.tokenLifetimeMs ?? 3_600_000))
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    };
    this.records.installationTokens.push(t);
    return t;
  }

  async dispose(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private verifyJwt(jwt: string): boolean {
    if (!this.appKey) return false;
    const [h, p, s] = jwt.split('.');
    if (!h || !p || !s) return false;
    if (!createVerify('RSA-SHA256').update(`${h}.${p}`).verify(this.appKey, Buffer.from(s, 'base64url')))
      return false;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
      iat: number;
      exp: number;
      iss: unknown;
    };
    const now = Math.floor(Date.now() / 1000);
    return (
      claims.exp > now &&
      claims.iat <= now + 60 &&
      claims.exp - claims.iat <= 600 &&
      (this.opts.appId === undefined || String(claims.iss) === this.opts.appId)
    );
  }

  /** Answers one request (also used by servers that mount this fake, such as the sandbox's https GitHub). */
  async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const answer = (r: FakeResponse): void => {
      this.records.requests.push({ method, path, status: r.status });
      const text = r.body === undefined ? '' : JSON.stringify(r.body);
      res.writeHead(r.status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
        ...rateHeaders(),
        ...(r.headers ?? {}),
      });
      res.end(text);
    };
    const failure = this.failures.find((f) => f.times > 0 && f.match.test(`${method} ${path}`));
    if (failure) {
      failure.times--;
      return answer({
        status: failure.status,
        body: {
          message: failure.message ?? 'injected failure',
          documentation_url: 'https://docs.github.com/rest',
        },
        headers: failure.headers ?? {},
      });
    }
    let raw = '';
    for await (const chunk of req) raw += (chunk as Buffer).toString();
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return answer({ status: 400, body: { message: 'Problems parsing JSON' } });
    }
    for (const route of [...fakeGithubRoutes, ...fakeGithubGitWriteRoutes]) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const request: FakeRequest = {
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: m.groups ?? {},
      };
      if (!this.authorize(req.headers.authorization, route.auth))
        return answer({
          status: 401,
          body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
        });
      const result = route.handle(this, request);
      const etag =
        result.status === 200 && method === 'GET' ? `W/"${hashOf(JSON.stringify(result.body))}"` : undefined;
      if (etag && req.headers['if-none-match'] === etag) return answer({ status: 304, headers: { etag } });
      return answer({ ...result, headers: { ...(result.headers ?? {}), ...(etag ? { etag } : {}) } });
    }
    answer({
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
    });
  }
}

function rateHeaders(): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  };
}

function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}

/** Starts a fake GitHub. */
export function startFakeGithub(opts: FakeGithubOptions = {}): Promise<FakeGithub> {
  return new FakeGithub(opts).start();
}
