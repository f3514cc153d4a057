// A tiny https GitHub (Enterprise-style paths) that speaks the OAuth, user, org-membership and team endpoints
// Dex's GitHub connector calls.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';

/** The GitHub identity the fake returns. */
export interface FakeGithubUser {
  login: string;
  id: number;
  name: string;
  email: string;
  orgs: readonly string[];
  teams: readonly { org: string; slug: string; name: string }[];
}

/** A running fake GitHub. */
export interface FakeGithub {
  url: string;
  /** host:port, as Dex's `hostName` wants it. */
  hostName: string;
  /** Paths requested so far (for tests that check Dex really called GitHub). */
  readonly requests: readonly string[];
  dispose(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += (chunk as Buffer).toString();
  return body;
}

/** Starts the fake on 127.0.0.1 with the sandbox serving cert. */
export async function startFakeGithub(opts: { certFile: string; keyFile: string; user: FakeGithubUser; port?: number }): Promise<FakeGithub> {
  const codes = new Set<string>();
  const tokens = new Set<string>();
  const requests: string[] = [];
  const { user } = opts;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://fake-github');
    requests.push(`${req.method} ${url.pathname}`);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    if (req.method === 'GET' && path === '/login/oauth/authorize') {
      const redirect = url.searchParams.get('redirect_uri');
      if (!redirect) return sendJson(res, 400, { error: 'redirect_uri required' });
      const code = randomBytes(12).toString('hex');
      codes.add(code);
      const to = new URL(redirect);
      to.searchParams.set('code', code);
      to.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: to.toString() });
      return void res.end();
    }
    if (req.method === 'POST' && path === '/login/oauth/access_token') {
      const form = new URLSearchParams(await readBody(req));
      const code = form.get('code') ?? '';
      if (!codes.delete(code)) return sendJson(res, 200, { error: 'bad_verification_code' });
      const token = `gho_${randomBytes(16).toString('hex')}`;
      tokens.add(token);
      return sendJson(res, 200, { access_token: token, token_type: 'bearer', scope: 'user:email,read:org' });
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^(bearer|token)\s+/i, '');
    if (!tokens.has(token)) return sendJson(res, 401, { message: 'Bad credentials' });
    const membership = /^\/orgs\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (membership) {
      // 204 = member (what Dex's org check expects), 404 = not a member.
      res.writeHead(membership[2] === user.login && user.orgs.includes(membership[1]!) ? 204 : 404);
      return void res.end();
    }
    switch (path) {
      case '/user':
        return sendJson(res, 200, { login: user.login, id: user.id, name: user.name, email: user.email });
      case '/user/emails':
        return sendJson(res, 200, [{ email: user.email, verified: true, primary: true, visibility: 'public' }]);
      case '/user/orgs':
        return sendJson(res, 200, user.orgs.map((login) => ({ login })));
      case '/user/teams':
        return sendJson(
          res,
          200,
          user.teams.map((t) => ({ name: t.name, slug: t.slug, organization: { login: t.org } })),
        );
      default:
        return sendJson(res, 404, { message: 'Not Found' });
    }
  };

  const server: Server = createServer(
    { cert: await readFile(opts.certFile), key: await readFile(opts.keyFile) },
    (req, res) => void handle(req, res).catch(() => sendJson(res, 500, { message: 'fake github error' })),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    hostName: `127.0.0.1:${port}`,
    requests,
    dispose: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
