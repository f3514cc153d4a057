// The Node HTTP adapter: /webhook → the webhook core; /healthz, /readyz, /metrics (ops port); caps before authentication; graceful close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger';
import { METRICS_CONTENT_TYPE } from '../metrics/registry';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { WebhookReceiver } from '../webhook/receive';
import { BodyTooLargeError, readBody } from './read-body';

/** What the server needs. */
export interface HttpServerDeps {
  /** Serves POST /webhook when given (the public port); the ops port has none. */
  readonly receiver?: WebhookReceiver;
  readonly metrics: ServiceMetrics;
  /** Serves GET /metrics (the ops port). */
  readonly serveMetrics?: boolean;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Open connections at most; more are refused at accept (default 512). */
  readonly maxConnections?: number;
  /** Body bytes buffered across all requests at most, before authentication (default 64 MiB); more → 503. */
  readonly maxBytesInFlight?: number;
  /** Why the service is not ready, or undefined when ready. */
  readonly notReadyReason: () => string | undefined;
  /** Extra readiness checks served as GET /readyz/<name> (503 + reason when not ready), e.g. the log archive's lag. */
  readonly readinessChecks?: Readonly<Record<string, () => string | undefined>>;
  /** A read API mounted under `prefix` (GET only), e.g. archived logs for desktops; it answers every request it gets. */
  readonly api?: { readonly prefix: string; handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> };
}

/** Defaults of the pre-authentication caps. */
export const HTTP_DEFAULTS = { maxConnections: 512, maxBytesInFlight: 64 * 1024 * 1024 } as const;

/** A listening HTTP server that can drain and close. */
export class HttpServer {
  private readonly server: Server;
  private inFlight = 0;
  private draining = false;
  private closing: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private bytesInFlight = 0;
  private peakBytes = 0;
  private readonly maxBytesInFlight: number;

  constructor(private readonly deps: HttpServerDeps) {
    // requestTimeout bounds a slow body (slowloris); headersTimeout a slow header block.
    this.server = createServer(
      { keepAliveTimeout: 5_000, requestTimeout: 30_000, headersTimeout: 10_000 },
      (req, res) => void this.handle(req, res),
    );
    this.server.maxConnections = deps.maxConnections ?? HTTP_DEFAULTS.maxConnections;
    this.maxBytesInFlight = deps.maxBytesInFlight ?? HTTP_DEFAULTS.maxBytesInFlight;
  }

  /** Most body bytes ever buffered at once (never above maxBytesInFlight). */
  get peakBytesInFlight(): number {
    return this.peakBytes;
  }

  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Requests being handled right now. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Closes at once (in-flight requests are cut); use `close(timeoutMs)` to drain. */
  dispose(): Promise<void> {
    return this.close(0);
  }

  /** Stops accepting, waits for in-flight requests (up to `timeoutMs`), then closes every connection. */
  close(timeoutMs = 10_000): Promise<void> {
    this.closing ??= (async () => {
      this.draining = true;
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      if (this.inFlight > 0) {
        await Promise.race([new Promise<void>((r) => this.idleWaiters.push(r)), delay(timeoutMs)]);
      }
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    const started = performance.now();
    try {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (this.draining) res.setHeader('connection', 'close');
      const metricsHere = this.deps.serveMetrics === true && path === '/metrics';
      const check = path.startsWith('/readyz/') ? this.deps.readinessChecks?.[path.slice('/readyz/'.length)] : undefined;
      if (path === '/webhook' && this.deps.receiver)
        await this.webhook(this.deps.receiver, req, res, started);
      else if (this.deps.api && path.startsWith(this.deps.api.prefix)) await this.deps.api.handle(req, res, path);
      else if (check && (req.method === 'GET' || req.method === 'HEAD')) {
        const reason = check();
        send(res, reason ? 503 : 200, { ok: !reason, message: reason ?? 'ready' });
      }
      else if (req.method !== 'GET' && req.method !== 'HEAD')
        send(res, path === '/healthz' || path === '/readyz' || metricsHere ? 405 : 404, {
          ok: false,
          message: 'not found',
        });
      else if (path === '/healthz') send(res, 200, { ok: true, message: 'alive' });
      else if (path === '/readyz') this.readyz(res);
      else if (metricsHere) {
        const text = await this.deps.metrics.registry.render();
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        res.end(text);
      } else send(res, 404, { ok: false, message: 'not found' });
    } catch (err) {
      this.deps.logger.error('request failed', { err });
      if (!res.headersSent) send(res, 500, { ok: false, message: 'internal error' });
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private readyz(res: ServerResponse): void {
    const reason = this.draining ? 'shutting down' : this.deps.notReadyReason();
    send(res, reason ? 503 : 200, { ok: !reason, message: reason ?? 'ready' });
  }

  private async webhook(
    receiver: WebhookReceiver,
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
  ): Promise<void> {
    const { metrics } = this.deps;
    const observe = (status: number): void =>
      metrics.webhookLatency.observe((performance.now() - started) / 1000, { status: String(status) });
    if (req.method !== 'POST') {
      send(res, 405, { ok: false, message: 'use POST' });
      return;
    }
    const receivedAt = Date.now();
    // Before authentication nothing is buffered without a declared size that fits the limit and the shared budget.
    const refuse = (status: number, reason: string, message: string): void => {
      metrics.deliveriesRejected.inc({ reason });
      this.deps.logger.warn('delivery rejected', { status, reason });
      res.setHeader('connection', 'close');
      if (status === 503) res.setHeader('retry-after', '1');
      send(res, status, { ok: false, message });
      res.on('finish', () => req.destroy());
      observe(status);
    };
    const declared = req.headers['content-length'];
    if (declared === undefined)
      return refuse(411, 'length-required', 'Content-Length required (GitHub always sends it)');
    const size = Number(declared);
    if (size > this.deps.maxBodyBytes)
      return refuse(413, 'body-too-large', `body exceeds ${this.deps.maxBodyBytes} bytes`);
    if (this.bytesInFlight + size > this.maxBytesInFlight)
      return refuse(503, 'busy', 'too many bodies in flight; retry later');
    this.bytesInFlight += size;
    this.peakBytes = Math.max(this.peakBytes, this.bytesInFlight);
    let body: Buffer;
    try {
      body = await readBody(req, size);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return refuse(413, 'body-too-large', `body exceeds ${this.deps.maxBodyBytes} bytes`);
    } finally {
      this.bytesInFlight -= size;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
    const answer = await receiver({ headers, body, receivedAt });
    send(res, answer.status, answer.body);
    observe(answer.status);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
