// Every HTTP request and upgrade handler goes through these wrappers: a bad request gets a 4xx and the host lives on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A deliberate refusal: the status and a short plain-text reason for the client. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Receives failures that were not deliberate refusals (bugs); the client only sees a bare 500. */
export type UnexpectedErrorSink = (where: 'request' | 'upgrade', err: unknown) => void;

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  421: 'Misdirected Request',
  500: 'Internal Server Error',
};

/** Wraps a request handler: sync throws and rejections become a 4xx/500 answer, never an uncaught exception. */
export function guardRequest(handler: RequestHandler, onUnexpected?: UnexpectedErrorSink): RequestHandler {
  return (req, res) => {
    const answer = (err: unknown): void => {
      const refusal = asRefusal(err, 'request', onUnexpected);
      try {
        if (res.headersSent) res.destroy();
        else res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers }).end(`${refusal.message}\n`);
      } catch {
        res.destroy();
      }
    };
    try {
      const done = handler(req, res);
      if (done) done.catch(answer);
    } catch (err) {
      answer(err);
    }
  };
}

/** Wraps an upgrade handler: a socket error never goes unheard, and a throw answers with a status and closes. */
export function guardUpgrade(handler: UpgradeHandler, onUnexpected?: UnexpectedErrorSink): UpgradeHandler {
  return (req, socket, head) => {
    // Node hands the raw socket over without an 'error' listener; a reset from the client would otherwise crash.
    socket.on('error', () => socket.destroy());
    const answer = (err: unknown): void => refuseUpgrade(socket, asRefusal(err, 'upgrade', onUnexpected));
    try {
      const done = handler(req, socket, head);
      if (done) done.catch(answer);
    } catch (err) {
      answer(err);
    }
  };
}

/** Answers an upgrade request with a plain HTTP status and closes the socket. */
export function refuseUpgrade(socket: Duplex, refusal: HttpError): void {
  if (socket.destroyed) return;
  try {
    const body = `${refusal.message}\n`;
    const extra = Object.entries(refusal.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status] ?? 'Error'}\r\nConnection: close\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
    );
  } catch {
    socket.destroy();
  }
}

/** Parses an origin-form request target ("/path?query"); anything else (absolute, "//host", "*") is a 400. */
export function parseRequestTarget(target: string | undefined): URL {
  if (!target?.startsWith('/') || target.startsWith('//')) throw new HttpError(400, 'Bad request target.');
  try {
    // A fixed base: the target can only ever set the path and query, never the host or port.
    return new URL(`http://request.invalid${target}`);
  } catch {
    throw new HttpError(400, 'Bad request target.');
  }
}

function asRefusal(err: unknown, where: 'request' | 'upgrade', onUnexpected?: UnexpectedErrorSink): HttpError {
  if (err instanceof HttpError) return err;
  try {
    onUnexpected?.(where, err);
  } catch {
    // A failing logger must not turn a bad request into a crash.
  }
  return new HttpError(500, 'Unexpected error.');
}
