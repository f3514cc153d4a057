// The RFC 8252 loopback redirect target: 127.0.0.1 on a random port, alive only for one sign-in.
import { createServer, type Server } from 'node:http';
import { loopbackPage } from '../../src-shared/auth/loopback-page';

/** What the browser brought back. */
export type LoopbackResult = { readonly kind: 'callback'; readonly params: URLSearchParams };

/** A listening loopback server; `result` settles with the first request to the callback path. */
export interface LoopbackListener {
  readonly redirectUri: string;
  readonly result: Promise<URLSearchParams>;
  /** Sets the page the browser shows for the callback (call before `result` consumers answer). */
  respond(outcome: { ok: true } | { ok: false; message: string }): void;
  close(): Promise<void>;
}

const CALLBACK_PATH = '/callback';

/** Starts the listener. Only GET /callback with a query is accepted; anything else is 404. */
export async function startLoopbackListener(): Promise<LoopbackListener> {
  let deliver: (p: URLSearchParams) => void = () => undefined;
  const result = new Promise<URLSearchParams>((r) => (deliver = r));
  let answer: (outcome: { ok: true } | { ok: false; message: string }) => void = () => undefined;
  const answered = new Promise<{ ok: true } | { ok: false; message: string }>((r) => (answer = r));
  let delivered = false;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || delivered) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(
        delivered ? 'This sign-in is already finished. You can close this tab.' : 'Not found',
      );
    }
    delivered = true;
    deliver(url.searchParams);
    void answered.then((outcome) => {
      res.writeHead(outcome.ok ? 200 : 400, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'",
      });
      res.end(loopbackPage(outcome));
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    result,
    respond: (outcome) => answer(outcome),
    close: () =>
      new Promise<void>((resolve) => {
        answer({ ok: false, message: 'The sign-in ended.' });
        // Let the answered page flush before dropping connections.
        setImmediate(() => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      }),
  };
}
