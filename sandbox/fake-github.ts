// A tiny https GitHub (Enterprise-style paths) that speaks the OAuth web flow, user, org-membership and team endpoints
// Dex's GitHub connector calls, and the OAuth device flow the app uses (docs.github.com: "Authorizing OAuth apps").
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { FakeGithub as FakeGithubRest } from '../src-service/testing/fake-github';

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
  /** The device flow's state, for tests (approve or deny as the user would on github.com/login/device). */
  readonly device: FakeDeviceFlow;
  /**
   * The REST side (repositories, commits, statuses, deployments, check runs, App tokens) from pipe-events' fake, served
   * by this same server for every path the OAuth/user endpoints above do not own; it accepts the tokens issued here.
   */
  readonly rest: FakeGithubRest;
  /** Accepts `token` from now on (e.g. the sandbox's pipe-events, which reads repositories and writes statuses). */
  acceptToken(token: string): void;
  dispose(): Promise<void>;
}

/** Device flow controls: what the user does on the verification page, and the timing GitHub announces. */
export interface FakeDeviceFlow {
  /** Seconds between polls the fake asks for (GitHub: 5). */
  interval: number;
  /** Seconds a device code lives (GitHub: 900). */
  expiresIn: number;
  /** Codes handed out, newest last. */
  readonly codes: readonly { userCode: string; state: 'pending' | 'approved' | 'denied' | 'expired' }[];
  approve(userCode: string): boolean;
  deny(userCode: string): boolean;
  expire(userCode: string): boolean;
  /** Token poll requests answered so far, by answer. */
  readonly polls: Record<string, number>;
  /** Answers the next n polls with slow_down (as GitHub does to a client polling too fast). */
  slowDownNext: number;
}

interface DeviceCode {
  deviceCode: string;
  userCode: string;
  state: 'pending' | 'approved' | 'denied' | 'expired';
  expiresAt: number;
  interval: number;
  lastPoll: number;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function userCode(): string {
  const b = randomBytes(8);
  const chars = [...b].map((x) => USER_CODE_ALPHABET[x % USER_CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function devicePage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device activation (fake GitHub)</title></head><body>
<h1>Device activation</h1><p>${message}</p>
<form method="post" action="/login/device"><label>Code <input name="user_code" autocomplete="off"></label>
<button name="action" value="authorize" type="submit">Authorize</button> <button name="action" value="deny" type="submit">Cancel</button></form></body></html>`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString();
    if (body.length > 64 * 1024) throw new Error('body too large');
  }
  return body;
}

/** Form or JSON body, as GitHub's OAuth endpoints accept both. */
function parseForm(req: IncomingMessage, body: string): URLSearchParams {
  if (/json/i.test(req.headers['content-type'] ?? '')) {
    try {
      const obj = JSON.parse(body) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(obj).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(body);
}

/** OAuth answers: JSON when asked for (Accept: application/json), else form-encoded, as GitHub does; always HTTP 200. */
function sendOAuth(req: IncomingMessage, res: ServerResponse, body: Record<string, string | number>): void {
  if (/json/i.test(req.headers.accept ?? '')) return sendJson(res, 200, body);
  res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  res.end(new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString());
}

/** Starts the fake on 127.0.0.1 with the sandbox serving cert. */
export async function startFakeGithub(opts: {
  certFile: string;
  keyFile: string;
  user: FakeGithubUser;
  port?: number;
  /** Device flow poll interval in seconds (GitHub says 5; tests may ask for less). */
  deviceInterval?: number;
}): Promise<FakeGithub> {
  const codes = new Set<string>();
  const tokens = new Set<string>();
  // Handed to the REST fake as its accepted tokens; it reads the array on each request, so pushes count at once.
  const restTokens: string[] = [];
  const rest = new FakeGithubRest({ tokens: restTokens });
  const issue = (token: string): void => {
    tokens.add(token);
    restTokens.push(token);
  };
  const requests: string[] = [];
  const { user } = opts;
  const devices = new Map<string, DeviceCode>();
  const byUserCode = (code: string): DeviceCode | undefined => [...devices.values()].find((d) => d.userCode === code.trim().toUpperCase());
  const setState = (code: string, state: DeviceCode['state']): boolean => {
    const d = byUserCode(code);
    if (!d || d.state !== 'pending') return false;
    d.state = state;
    return true;
  };
  const polls: Record<string, number> = {};
  const device: FakeDeviceFlow = {
    interval: opts.deviceInterval ?? 5,
    expiresIn: 900,
    get codes() {
      return [...devices.values()].map((d) => ({ userCode: d.userCode, state: d.state }));
    },
    approve: (c) => setState(c, 'approved'),
    deny: (c) => setState(c, 'denied'),
    expire: (c) => setState(c, 'expired'),
    polls,
    slowDownNext: 0,
  };
  const pollAnswer = (req: IncomingMessage, res: ServerResponse, answer: Record<string, string | number>): void => {
    const key = String(answer.error ?? 'access_token');
    polls[key] = (polls[key] ?? 0) + 1;
    sendOAuth(req, res, answer);
  };

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
    if (req.method === 'POST' && path === '/login/device/code') {
      const form = parseForm(req, await readBody(req));
      if (!form.get('client_id')) return sendOAuth(req, res, { error: 'unauthorized_client', error_description: 'client_id required' });
      const d: DeviceCode = {
        deviceCode: randomBytes(20).toString('hex'),
        userCode: userCode(),
        state: 'pending',
        expiresAt: Date.now() + device.expiresIn * 1000,
        interval: device.interval,
        lastPoll: 0,
      };
      devices.set(d.deviceCode, d);
      return sendOAuth(req, res, {
        device_code: d.deviceCode,
        user_code: d.userCode,
        verification_uri: `${baseUrl()}/login/device`,
        expires_in: device.expiresIn,
        interval: d.interval,
      });
    }
    if (path === '/login/device') {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(devicePage('Enter the code shown by the app.'));
      }
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const code = form.get('user_code') ?? '';
        const ok = form.get('action') === 'deny' ? setState(code, 'denied') : setState(code, 'approved');
        res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(devicePage(ok ? (form.get('action') === 'deny' ? 'Access denied. You can close this tab.' : 'Congratulations, you\'re all set! Your device is now connected.') : 'That code is not valid.'));
      }
    }
    if (req.method === 'POST' && path === '/login/oauth/access_token') {
      const form = parseForm(req, await readBody(req));
      if (form.get('grant_type') === DEVICE_GRANT) {
        const d = devices.get(form.get('device_code') ?? '');
        if (!d) return pollAnswer(req, res, { error: 'incorrect_device_code', error_description: 'The device_code provided is not valid.' });
        const now = Date.now();
        if (d.state === 'expired' || now > d.expiresAt) {
          d.state = 'expired';
          return pollAnswer(req, res, { error: 'expired_token', error_description: 'The device_code has expired.' });
        }
        if (d.state === 'denied') return pollAnswer(req, res, { error: 'access_denied', error_description: 'The authorization request was denied.' });
        // Polling faster than the interval: GitHub answers slow_down and adds 5 s to the interval.
        if ((d.lastPoll && now - d.lastPoll < d.interval * 1000) || (device.slowDownNext > 0 && device.slowDownNext--)) {
          d.lastPoll = now;
          d.interval += 5;
          return pollAnswer(req, res, { error: 'slow_down', error_description: 'Too many requests have been made in the same timeframe.', interval: d.interval });
        }
        d.lastPoll = now;
        if (d.state === 'pending') return pollAnswer(req, res, { error: 'authorization_pending', error_description: 'The authorization request is still pending.' });
        devices.delete(d.deviceCode);
        const token = `gho_${randomBytes(16).toString('hex')}`;
        issue(token);
        return pollAnswer(req, res, { access_token: token, token_type: 'bearer', scope: form.get('scope') ?? 'repo,read:org' });
      }
      const code = form.get('code') ?? '';
      if (!codes.delete(code)) return sendJson(res, 200, { error: 'bad_verification_code' });
      const token = `gho_${randomBytes(16).toString('hex')}`;
      issue(token);
      return sendJson(res, 200, { access_token: token, token_type: 'bearer', scope: 'user:email,read:org' });
    }
    const ownPath = path.startsWith('/login/') || path === '/user' || path.startsWith('/user/') || /^\/orgs\/[^/]+\/members\//.test(path);
    if (!ownPath) return rest.handleRequest(req, res);
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

  let port = 0;
  const baseUrl = (): string => `https://127.0.0.1:${port}`;
  const server: Server = createServer(
    { cert: await readFile(opts.certFile), key: await readFile(opts.keyFile) },
    (req, res) => void handle(req, res).catch(() => sendJson(res, 500, { message: 'fake github error' })),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    hostName: `127.0.0.1:${port}`,
    requests,
    device,
    rest,
    acceptToken: issue,
    dispose: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
