// Browser mode: serves the renderer and the contract over HTTP + WebSocket on loopback, behind a per-launch secret
// and a per-launch `*.localhost` name (see launch-session.ts for why).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RpcHost } from '../host/rpc-host';
import type { ContractSpec } from '../../src-shared/contract/rpc';
import { MAX_MESSAGE_BYTES } from '../../src-shared/contract/wire';
import { contentSecurityPolicy } from './content-security-policy';
import { guardRequest, guardUpgrade, HttpError, parseRequestTarget } from './guarded-handlers';
import { LaunchSession, randomLaunchHostName, randomLaunchSecret } from './launch-session';
import { serveStatic } from './static-files';

/** A client that stops reading is disconnected once this much waits for it (host memory stays bounded). */
export const MAX_BUFFERED_BYTES = 4 * MAX_MESSAGE_BYTES;

/** Options for the browser-mode server. */
export interface BrowserServerOptions {
  readonly port: number;
  readonly rendererDir: string;
  /** Fixed secret (tests); a random one is made per launch otherwise. */
  readonly secret?: string;
  /** Fixed `*.localhost` host name (tests); a random one is made per launch otherwise. */
  readonly hostName?: string;
  /** Receives handler failures that were not deliberate refusals (the client only sees a 500). */
  readonly onUnexpectedError?: (where: string, err: unknown) => void;
}

/** A running browser-mode server. */
export interface BrowserServer {
  /** The URL to open once: `http://<hostName>:<port>/?token=<secret>`. */
  readonly url: string;
  /** `http://<hostName>:<port>`. */
  readonly origin: string;
  /** The per-launch `*.localhost` name (the server listens on 127.0.0.1 only). */
  readonly hostName: string;
  readonly port: number;
  readonly secret: string;
  close(): Promise<void>;
}

const NOT_HERE = 'PIPE Desktop answers only at the address it printed when it started.';
const NO_SECRET = 'PIPE Desktop: open the URL printed by `npm run serve` (it carries the launch secret).';

/** Starts the server on 127.0.0.1; `url` carries the secret the user opens once. */
export async function startBrowserServer<C extends ContractSpec>(
  rpc: RpcHost<C>,
  options: BrowserServerOptions,
): Promise<BrowserServer> {
  const hostName = options.hostName ?? randomLaunchHostName();
  const secret = options.secret ?? randomLaunchSecret();
  const sockets = new Set<WebSocket>();
  // Known once listening (the port may be chosen by the OS); nothing is served before that.
  const live: { session?: LaunchSession } = {};

  const server: Server = createServer(
    guardRequest(async (req, res) => {
      const url = parseRequestTarget(req.url);
      const session = live.session;
      if (!session?.isExpectedHost(req)) throw new HttpError(421, NOT_HERE);
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Only GET and HEAD.', { allow: 'GET, HEAD' });
      if (!session.isAuthorized(req, url)) throw new HttpError(401, NO_SECRET);
      if (url.searchParams.has('token')) {
        // Trade the secret in the URL for an HttpOnly cookie, then drop it from the address bar.
        res.writeHead(303, { location: '/', 'set-cookie': session.sessionCookie() }).end();
        return;
      }
      const headers = {
        'content-security-policy': contentSecurityPolicy([`ws://${session.authority}`]),
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      };
      const served = await serveStatic(options.rendererDir, url.pathname, res, headers);
      if (!served) throw new HttpError(404, `Not found. Is the renderer built? Run \`npm run build\` (looked in ${options.rendererDir}).`);
    }, options.onUnexpectedError),
  );

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const onUpgrade = guardUpgrade((req, socket, head) => {
    const url = parseRequestTarget(req.url);
    const session = live.session;
    if (!session?.isExpectedHost(req)) throw new HttpError(421, NOT_HERE);
    if (url.pathname !== '/rpc' || !session.isExpectedOrigin(req) || !session.isAuthorized(req, url)) {
      throw new HttpError(401, 'Unauthorized.');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const connection = rpc.connect((message) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify(message));
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
  const session = new LaunchSession(hostName, (server.address() as AddressInfo).port, secret);
  live.session = session;

  return {
    url: session.url,
    origin: session.origin,
    hostName,
    port: session.port,
    secret,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
