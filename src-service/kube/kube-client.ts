// A thin Kubernetes REST client: kubeconfig/in-cluster auth from @kubernetes/client-node, keep-alive HTTPS, JSON in/out, watch streams.
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterAccess } from '../config/config-schema';
import { Semaphore } from '../util/semaphore';
import { KubeError, kubeErrorFrom } from './kube-errors';

/** Options of one request. */
export interface KubeRequestOptions {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Defaults to application/json; patches pass merge-patch or json-patch types. */
  readonly contentType?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** High-priority calls (recording a delivery GitHub is waiting on) jump the queue of background work. */
  readonly priority?: 'high' | 'low';
}

const AUTH_CACHE_MS = 30_000;
/**
 * Requests in flight per cluster (watches not counted): more only adds contention in the API server. Background work
 * (reconcile, report, cleanup) gets fewer slots than the webhook path, so a burst of deliveries is acknowledged quickly
 * while the backlog drains behind it.
 */
const MAX_IN_FLIGHT = { high: 16, low: 8, lowDuringBurst: 2 } as const;
/** Background work is held to `lowDuringBurst` slots until this long after the last webhook-path request. */
const BURST_QUIET_MS = 1000;

/** JSON over the Kubernetes API of one cluster. */
export class KubeClient {
  private readonly server: URL;
  private agent: HttpsAgent | HttpAgent | undefined;
  private auth: { headers: Record<string, string>; at: number } | undefined;
  private readonly slots = { high: new Semaphore(MAX_IN_FLIGHT.high), low: new Semaphore(MAX_IN_FLIGHT.low) };

  constructor(
    private readonly kc: KubeConfig,
    /** Name for logs and metrics. */
    readonly name: string,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig for ${name} has no current cluster`);
    this.server = new URL(cluster.server);
  }

  /** Builds a client from config: a kubeconfig file (+ context) or the pod's service account. */
  static fromAccess(access: ClusterAccess, name: string): KubeClient {
    const kc = new KubeConfig();
    if (access.inCluster) kc.loadFromCluster();
    else kc.loadFromFile(access.kubeconfig!);
    if (access.context) kc.setCurrentContext(access.context);
    return new KubeClient(kc, name);
  }

  /** The API server URL (for links and logs). */
  get serverUrl(): string {
    return this.server.toString();
  }

  /** Sends a request and parses the JSON answer; non-2xx → KubeError. */
  async request<T>(method: string, path: string, opts: KubeRequestOptions = {}): Promise<T> {
    if (opts.priority === 'high') this.noteBurst();
    const release = await this.slots[opts.priority ?? 'low'].acquire();
    try {
      const res = await this.send(method, path, opts);
      const text = await readText(res);
      if ((res.statusCode ?? 0) >= 300)
        throw kubeErrorFrom(res.statusCode ?? 0, text, header(res, 'retry-after'));
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      release();
    }
  }

  /** Opens a streaming GET (watch); the caller reads lines from the response. Non-2xx → KubeError. */
  async stream(path: string, opts: KubeRequestOptions = {}): Promise<IncomingMessage> {
    const res = await this.send('GET', path, opts);
    if ((res.statusCode ?? 0) >= 300)
      throw kubeErrorFrom(res.statusCode ?? 0, await readText(res), header(res, 'retry-after'));
    return res;
  }

  private burstTimer: NodeJS.Timeout | undefined;

  /** A webhook-path request: shrink background concurrency until the burst is over. */
  private noteBurst(): void {
    if (!this.burstTimer) this.slots.low.setLimit(MAX_IN_FLIGHT.lowDuringBurst);
    clearTimeout(this.burstTimer);
    this.burstTimer = setTimeout(() => {
      this.burstTimer = undefined;
      this.slots.low.setLimit(MAX_IN_FLIGHT.low);
    }, BURST_QUIET_MS);
    this.burstTimer.unref?.();
  }

  /** Closes pooled connections. */
  dispose(): void {
    clearTimeout(this.burstTimer);
    this.agent?.destroy();
    this.agent = undefined;
  }

  private async send(method: string, path: string, opts: KubeRequestOptions): Promise<IncomingMessage> {
    const url = new URL(this.server.pathname.replace(/\/$/, '') + path, this.server);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    if (method === 'POST' || method === 'PUT' || method === 'PATCH')
      url.searchParams.set('fieldManager', 'pipe-events');
    const base = await this.requestBase();
    const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string> = { ...base.headers, accept: 'application/json' };
    if (body) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = String(body.length);
    }
    const isHttps = url.protocol === 'https:';
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = (isHttps ? httpsRequest : httpRequest)(
        url,
        {
          method,
          headers,
          agent: base.agent,
          timeout: opts.timeoutMs ?? 30_000,
          signal: opts.signal,
        } as RequestOptions,
        resolve,
      );
      req.on('timeout', () =>
        req.destroy(new KubeError('Timeout', 0, `${method} ${url.pathname} timed out`)),
      );
      req.on('error', (err) =>
        reject(
          err instanceof KubeError ? err : new KubeError('Unavailable', 0, `${this.name}: ${err.message}`),
        ),
      );
      req.end(body);
    });
  }

  /** Auth headers (refreshed every 30 s: service-account tokens rotate) and one keep-alive agent with the TLS material. */
  private async requestBase(): Promise<{ headers: Record<string, string>; agent: HttpsAgent | HttpAgent }> {
    if (!this.auth || Date.now() - this.auth.at > AUTH_CACHE_MS || !this.agent) {
      const opts: RequestOptions = { headers: {} };
      await this.kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {}))
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
      if (opts.auth) headers.authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
      this.auth = { headers, at: Date.now() };
      if (!this.agent) {
        const tls = {
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          rejectUnauthorized: opts.rejectUnauthorized,
          servername: opts.servername,
        };
        this.agent =
          this.server.protocol === 'https:'
            ? new HttpsAgent({ keepAlive: true, maxSockets: 64, ...tls })
            : new HttpAgent({ keepAlive: true, maxSockets: 64 });
      }
    }
    return { headers: this.auth.headers, agent: this.agent! };
  }
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (err) => reject(new KubeError('Unavailable', 0, err.message)));
  });
}
