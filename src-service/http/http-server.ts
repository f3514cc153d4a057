// The Node HTTP adapter: /webhook → the webhook core; /healthz, /readyz, /metrics; graceful close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger';
import { METRICS_CONTENT_TYPE } from '../metrics/registry';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { WebhookReceiver } from '../webhook/receive';
import { BodyTooLargeError, readBody } from './read-body';

/** What the server needs. */
export interface HttpServerDeps {
  readonly receiver: WebhookReceiver;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Why the service is not ready, or undefined when ready. */
  readonly notReadyReason: () => string | undefined;
}

/** A listening HTTP server that can drain and close. */
export class HttpServer {
  private readonly server: Server;
  private inFlight = 0;
  private draining = false;
  private closing: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: HttpServerDeps) {
    this.server = createServer(
      { keepAliveTimeout: 5_000, requestTimeout: 30_000 },
      (req, res) => void this.handle(req, res),
    );
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
      const path = (req.url ?? '/').split('?')[0];
      if (this.draining) res.setHeader('connection', 'close');
      if (path === '/webhook') await this.webhook(req, res, started);
      else if (req.method !== 'GET' && req.method !== 'HEAD')
        send(res, path === '/healthz' || path === '/readyz' || path === '/metrics' ? 405 : 404, {
          ok: false,
          message: 'not found',
        });
      else if (path === '/healthz') send(res, 200, { ok: true, message: 'alive' });
      else if (path === '/readyz') this.readyz(res);
      else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        res.end(this.deps.metrics.registry.render());
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

  private async webhook(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const { metrics } = this.deps;
    const observe = (status: number): void =>
      metrics.webhookLatency.observe((performance.now() - started) / 1000, { status: String(status) });
    if (req.method !== 'POST') {
      send(res, 405, { ok: false, message: 'use POST' });
      return;
    }
    const receivedAt = Date.now();
    let body: Buffer;
    try {
      body = await readBody(req, this.deps.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      metrics.deliveriesRejected.inc({ reason: 'body-too-large' });
      this.deps.logger.warn('delivery rejected', {
        status: 413,
        reason: 'body-too-large',
        deliveryId: req.headers['x-github-delivery'],
      });
      res.setHeader('connection', 'close');
      send(res, 413, { ok: false, message: `body exceeds ${this.deps.maxBodyBytes} bytes` });
      res.on('finish', () => req.destroy());
      observe(413);
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
    const answer = await this.deps.receiver({ headers, body, receivedAt });
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
