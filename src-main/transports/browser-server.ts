// Browser mode: serves the renderer and the contract over HTTP + WebSocket on loopback, behind a per-launch secret.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RpcHost } from '../host/rpc-host';
import type { ContractSpec } from '../../src-shared/contract/rpc';
import { MAX_MESSAGE_BYTES } from '../../src-shared/contract/wire';
import { contentSecurityPolicy } from './content-security-policy';
import { guardRequest, guardUpgrade, HttpError, parseRequestTarget } from './guarded-handlers';
import { serveStatic } from './static-files';

/** Options for the browser-mode server. */
export interface BrowserServerOptions {
  readonly port: number;
  readonly rendererDir: string;
  /** Fixed secret (tests); a random one is made per launch otherwise. */
  readonly secret?: string;
  /** Receives handler failures that were not deliberate refusals (the client only sees a 500). */
  readonly onUnexpectedError?: (where: string, err: unknown) => void;
}

/** A running browser-mode server. */
export interface BrowserServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly secret: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1; `url` carries the secret the user opens once. */
export async function startBrowserServer<C extends ContractSpec>(
  rpc: RpcHost<C>,
  options: BrowserServerOptions,
): Promise<BrowserServer> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let origin = '';
  let cookieName = 'pipe_session';

  const isAuthorized = (req: IncomingMessage, url: URL): boolean =>
    safeEqual(url.searchParams.get('token'), secret) || safeEqual(readCookie(req, cookieName), secret);

  const server: Server = createServer(
    guardRequest(async (req, res) => {
      const url = parseRequestTarget(req.url);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (!isAuthorized(req, url)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('PIPE Desktop: open the URL printed by `npm run serve` (it carries the launch secret).\n');
        return;
      }
      if (url.searchParams.has('token')) {
        // Trade the secret in the URL for an HttpOnly cookie, then drop it from the address bar.
        res.writeHead(303, {
          location: '/',
          'set-cookie': `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        });
        res.end();
        return;
      }
      const headers = {
        'content-security-policy': contentSecurityPolicy([origin.replace('http:', 'ws:')]),
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      };
      const served = await serveStatic(options.rendererDir, url.pathname, res, headers);
      if (!served) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Not found. Is the renderer built? Run \`npm run build\` (looked in ${options.rendererDir}).\n`);
      }
    }, options.onUnexpectedError),
  );

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const onUpgrade = guardUpgrade((req, socket, head) => {
    const url = parseRequestTarget(req.url);
    const allowedOrigins = [origin, origin.replace('127.0.0.1', 'localhost')];
    if (url.pathname !== '/rpc' || !allowedOrigins.includes(req.headers.origin ?? '') || !isAuthorized(req, url)) {
      throw new HttpError(401, 'Unauthorized.');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const connection = rpc.connect((message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return connection.receive('\0binary');
        connection.receive(data.toString());
      });
      ws.on('close', () => {
        sockets.delete(ws);
        connection.dispose();
      });
      ws.on('error', () => ws.terminate());
    });
  }, options.onUnexpectedError);
  server.on('upgrade', onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  cookieName = `pipe_session_${port}`;

  return {
    url: `${origin}/?token=${secret}`,
    origin,
    port,
    secret,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
