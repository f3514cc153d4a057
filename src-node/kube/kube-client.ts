// HTTP access to one kubeconfig context for the host and pipe-events: credentials through @kubernetes/client-node's
// auth modules only (all its auth kinds, without its generated API), pooled connections, typed errors, raw streams
// and WebSocket upgrades with the same credentials.
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import WebSocket from 'ws';
import { KubeError, httpError, toKubeError } from './kube-errors';
import { toClientNodeConfig, type ExecEnvironment } from './client-node-options';
import { ClientCredentials } from './kube-credentials';
import { contextFromFile, inClusterContext } from './kube-context';
import type { ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';

/** A request's options. */
export interface KubeRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Defaults to application/json; patches pass merge-patch, json-patch or apply-patch+yaml types. */
  readonly contentType?: string;
  /** Extra request headers (e.g. `Accept: text/plain` for logs). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Names the thing asked for, so a 404 can say what was missing. */
  readonly what?: string;
}

/** Who the client says it is. */
export interface KubeClientOptions {
  /** User-Agent header (default `pipe-desktop`). */
  readonly userAgent?: string;
  /** `fieldManager` added to POST/PUT/PATCH (server-side apply and managed fields name this). */
  readonly fieldManager?: string;
  /**
   * Asked before credentials are produced for a user with an exec plugin: false refuses the request with a typed
   * error instead of running the command (the desktop asks the user first for kubeconfigs they imported).
   */
  readonly allowExec?: () => boolean;
}

/** A WebSocket upgrade (exec, attach, port-forward). */
export interface KubeUpgrade {
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** Subprotocols offered, best first (e.g. `v5.channel.k8s.io`). */
  readonly protocols?: readonly string[];
  readonly signal?: AbortSignal;
  /** How long the handshake may take (default 30 s). */
  readonly timeoutMs?: number;
}

/** One line of a watch stream. */
export interface WatchLine {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Talks to the apiserver of one context. Disposing closes its pooled sockets. */
export class KubeClient {
  readonly server: string;
  private readonly credentials: ClientCredentials;
  private readonly user: ReturnType<typeof toClientNodeConfig>['users'][number];
  private readonly agents = new Map<string, http.Agent>();
  private disposed = false;

  constructor(
    readonly context: ResolvedContext,
    execEnv: ExecEnvironment = { extra: {} },
    private readonly options: KubeClientOptions = {},
  ) {
    const config = toClientNodeConfig(context, execEnv);
    const cluster = config.clusters[0]!;
    this.user = config.users[0]!;
    this.server = cluster.server;
    this.credentials = new ClientCredentials({ cluster, user: this.user, context: config.contexts[0]! });
  }

  /** A client for `contextName` (default: the file's current context) of one kubeconfig file. */
  static fromFile(file: string, contextName?: string, execEnv?: ExecEnvironment, options?: KubeClientOptions): KubeClient {
    return new KubeClient(contextFromFile(file, contextName), execEnv, options);
  }

  /** A client with the pod's service account (token re-read as it rotates). */
  static inCluster(options?: KubeClientOptions, env: Readonly<Record<string, string | undefined>> = process.env): KubeClient {
    return new KubeClient(inClusterContext(env), undefined, options);
  }

  /** Sends a request and parses the JSON answer (an empty body is `undefined`). */
  async request<T>(path: string, req: KubeRequest = {}): Promise<T> {
    const text = await this.requestText(path, req);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError({ kind: 'network', message: 'The server answered with something that is not JSON.', server: this.server });
    }
  }

  /** Sends a request and returns the body text of a 2xx answer. */
  async requestText(path: string, req: KubeRequest = {}): Promise<string> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const res = await this.open(path, req, signal);
    const body = await readBody(res, signal).catch((err: unknown) => {
      throw this.mapAbort(err, req.signal, timeout);
    });
    if (res.statusCode! < 200 || res.statusCode! >= 300) throw httpError(res.statusCode!, body, { what: req.what, retryAfter: header(res, 'retry-after') });
    return body;
  }

  /** Sends a request and returns the status and body text of any answer (for callers that check refusals themselves). */
  async exchange(path: string, req: KubeRequest = {}): Promise<{ readonly status: number; readonly body: string }> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const res = await this.open(path, req, signal);
    const body = await readBody(res, signal).catch((err: unknown) => {
      throw this.mapAbort(err, req.signal, timeout);
    });
    return { status: res.statusCode ?? 0, body };
  }

  /**
   * Opens a streaming request (pod logs with follow, watches read by the caller) and returns the 2xx response
   * unread; non-2xx → KubeError. Only the wait for headers is timed (`timeoutMs`, default 30 s); end it with `signal`.
   */
  async openStream(path: string, req: KubeRequest = {}): Promise<http.IncomingMessage> {
    const signal = req.signal ?? new AbortController().signal;
    const res = await this.open(path, req, signal, req.timeoutMs ?? 30_000);
    if (res.statusCode! < 200 || res.statusCode! >= 300) {
      const body = await readBody(res, signal).catch(() => '');
      throw httpError(res.statusCode!, body, { what: req.what, retryAfter: header(res, 'retry-after') });
    }
    return res;
  }

  /** Opens a WebSocket to `path` (exec, attach, port-forward) with this context's credentials and TLS settings. */
  async upgrade(path: string, up: KubeUpgrade = {}): Promise<WebSocket> {
    if (this.disposed) throw new KubeError({ kind: 'config', message: 'The cluster connection was closed.' });
    this.checkExecAllowed();
    const opts: https.RequestOptions = { headers: {} };
    let proxyAgent: http.Agent | undefined;
    try {
      proxyAgent = await this.credentials.apply(opts);
    } catch (err) {
      throw this.credentialError(err);
    }
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(up.query ?? {})) {
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else if (v !== undefined) url.searchParams.set(k, String(v));
    }
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>), 'User-Agent': this.options.userAgent ?? 'pipe-desktop' };
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const ws = new WebSocket(url, [...(up.protocols ?? [])], {
      headers,
      handshakeTimeout: up.timeoutMs ?? 30_000,
      ...(proxyAgent ? { agent: proxyAgent } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.cert ? { cert: opts.cert } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
      ...(opts.servername ? { servername: opts.servername } : {}),
      maxPayload: 16 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        up.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => {
        ws.terminate();
        settle(() => reject(toKubeError(up.signal?.reason ?? new Error('aborted'), this.server)));
      };
      up.signal?.addEventListener('abort', onAbort, { once: true });
      if (up.signal?.aborted) onAbort();
      ws.once('open', () => settle(() => resolve(ws)));
      ws.once('unexpected-response', (_req, res) => {
        // The answer is a refusal (401, 403, 404…): read its Status body for the error, then drop the socket.
        settled = true;
        up.signal?.removeEventListener('abort', onAbort);
        void readBody(res, AbortSignal.timeout(10_000))
          .catch(() => '')
          .then((body) => {
            ws.terminate();
            reject(httpError(res.statusCode ?? 0, body, { retryAfter: header(res, 'retry-after') }));
          });
      });
      ws.on('error', (err) => settle(() => reject(toKubeError(err, this.server))));
    });
  }

  /** Sends a GET and hands the 2xx body to `onText` chunk by chunk (large lists without holding them whole). */
  async requestStream(path: string, req: KubeRequest, onText: (chunk: string) => void): Promise<void> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const res = await this.open(path, req, signal);
    if (res.statusCode! < 200 || res.statusCode! >= 300) {
      const body = await readBody(res, signal).catch(() => '');
      throw httpError(res.statusCode!, body, { what: req.what, retryAfter: header(res, 'retry-after') });
    }
    await new Promise<void>((resolve, reject) => {
      const decoder = new StringDecoder('utf8');
      const fail = (err: unknown): void => {
        res.destroy();
        reject(this.mapAbort(err, req.signal, timeout));
      };
      const onAbort = (): void => fail(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      res.on('data', (chunk: Buffer) => {
        try {
          onText(decoder.write(chunk));
        } catch (err) {
          signal.removeEventListener('abort', onAbort);
          res.destroy();
          reject(err);
        }
      });
      res.on('end', () => {
        signal.removeEventListener('abort', onAbort);
        try {
          onText(decoder.end());
          resolve();
        } catch (err) {
          reject(err);
        }
      });
      res.on('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        fail(err);
      });
    });
  }

  /**
   * Opens a watch and calls `onLine` for each event until the server ends it (resolves) or it breaks (rejects).
   * `onOpen` fires once the server accepted the watch.
   */
  async watch(path: string, query: KubeRequest['query'], onLine: (line: WatchLine) => void, signal: AbortSignal, onOpen?: () => void): Promise<void> {
    const res = await this.open(path, { query: { ...query, watch: 'true' } }, signal, 30_000);
    if (res.statusCode !== 200) {
      const body = await readBody(res, signal).catch(() => '');
      throw httpError(res.statusCode!, body, { retryAfter: header(res, 'retry-after') });
    }
    res.socket?.setKeepAlive(true, 30_000);
    onOpen?.();
    await new Promise<void>((resolve, reject) => {
      const decoder = new StringDecoder('utf8');
      let pending = '';
      const onData = (chunk: Buffer): void => {
        pending += decoder.write(chunk);
        let nl: number;
        while ((nl = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (!line.trim()) continue;
          let parsed: WatchLine;
          try {
            parsed = JSON.parse(line) as WatchLine;
          } catch {
            continue;
          }
          onLine(parsed);
        }
      };
      const abort = (): void => {
        res.destroy();
        resolve();
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      res.on('data', onData);
      res.on('end', () => {
        signal.removeEventListener('abort', abort);
        resolve();
      });
      res.on('error', (err) => {
        signal.removeEventListener('abort', abort);
        if (signal.aborted) resolve();
        else reject(toKubeError(err, this.server));
      });
      res.on('close', () => {
        signal.removeEventListener('abort', abort);
        // A socket closed without a clean end is a broken stream (apiserver restarted, network lost).
        if (!res.complete && !signal.aborted) reject(new KubeError({ kind: 'network', code: 'ECONNRESET', message: 'The watch connection broke.', server: this.server }));
        else resolve();
      });
    });
  }

  /** The bearer token this context sends (token or exec users), for services that authorize callers by it; else undefined. */
  async bearerToken(): Promise<string | undefined> {
    if (this.disposed) throw new KubeError({ kind: 'config', message: 'The cluster connection was closed.' });
    this.checkExecAllowed();
    const opts: https.RequestOptions = { headers: {} };
    try {
      await this.credentials.apply(opts);
    } catch (err) {
      throw this.credentialError(err);
    }
    const auth = (opts.headers as Record<string, unknown>)['Authorization'] ?? (opts.headers as Record<string, unknown>)['authorization'];
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    return m ? m[1] : undefined;
  }

  /** Closes pooled connections. */
  dispose(): void {
    this.disposed = true;
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private async open(path: string, req: KubeRequest, signal: AbortSignal, headerTimeoutMs?: number): Promise<http.IncomingMessage> {
    if (this.disposed) throw new KubeError({ kind: 'config', message: 'The cluster connection was closed.' });
    this.checkExecAllowed();
    const opts: https.RequestOptions = { headers: {} };
    let proxyAgent: http.Agent | undefined;
    try {
      proxyAgent = await this.credentials.apply(opts);
    } catch (err) {
      throw this.credentialError(err);
    }
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const method = req.method ?? 'GET';
    if (this.options.fieldManager && (method === 'POST' || method === 'PUT' || method === 'PATCH') && !url.searchParams.has('fieldManager')) {
      url.searchParams.set('fieldManager', this.options.fieldManager);
    }
    const isHttps = url.protocol === 'https:';
    const agent = proxyAgent ?? this.pooledAgent(opts, isHttps);
    // A string body is sent as is (apply-patch+yaml); anything else as JSON.
    const body = req.body === undefined ? undefined : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      Accept: 'application/json',
      'User-Agent': this.options.userAgent ?? 'pipe-desktop',
      ...(body ? { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': body.length } : {}),
      ...req.headers,
    };
    const lib = isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const r = lib.request(
        url,
        { method, agent, headers, ...(opts.auth ? { auth: opts.auth } : {}), signal },
        (res) => {
          if (timer) clearTimeout(timer);
          resolve(res);
        },
      );
      const timer = headerTimeoutMs
        ? setTimeout(() => r.destroy(Object.assign(new Error('The server did not answer in time.'), { code: 'ETIMEDOUT' })), headerTimeoutMs)
        : undefined;
      r.on('error', (err) => {
        if (timer) clearTimeout(timer);
        reject(signal.aborted ? this.mapAbort(err, undefined, signal) : toKubeError(err, this.server));
      });
      r.end(body);
    });
  }

  /** The exec command this context's user runs for credentials, if any. */
  get execCommand(): { readonly command: string; readonly args: readonly string[] } | undefined {
    const exec = this.user.exec as { command?: unknown; args?: unknown } | undefined;
    if (!exec || typeof exec.command !== 'string') return undefined;
    return { command: exec.command, args: Array.isArray(exec.args) ? exec.args.map(String) : [] };
  }

  private checkExecAllowed(): void {
    if (this.user.exec && this.options.allowExec && !this.options.allowExec()) {
      throw new KubeError({ kind: 'config', message: `The credential command "${this.execCommand?.command ?? '?'}" of this context has not been allowed yet. Open the cluster and allow it.` });
    }
  }

  private mapAbort(err: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): KubeError {
    if (timeout.aborted && !callerSignal?.aborted) return new KubeError({ kind: 'timeout', server: this.server });
    return toKubeError(err, this.server);
  }

  /** One keep-alive agent per distinct TLS identity (exec plugins may rotate client certificates). */
  private pooledAgent(opts: https.RequestOptions, isHttps: boolean): http.Agent {
    const tls = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
      ...(opts.servername ? { servername: opts.servername } : {}),
    };
    const key = createHash('sha256')
      .update(JSON.stringify([String(tls.ca ?? ''), String(tls.cert ?? ''), String(tls.key ?? ''), tls.rejectUnauthorized, tls.servername]))
      .digest('hex');
    let agent = this.agents.get(key);
    if (!agent) {
      // Keep at most two identities: the current one and the one still serving open watches.
      if (this.agents.size >= 2) {
        const [oldKey, old] = this.agents.entries().next().value as [string, http.Agent];
        this.agents.delete(oldKey);
        old.destroy();
      }
      agent = isHttps ? new https.Agent({ keepAlive: true, maxFreeSockets: 4, ...tls }) : new http.Agent({ keepAlive: true, maxFreeSockets: 4 });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private credentialError(err: unknown): KubeError {
    const e = err as NodeJS.ErrnoException & { path?: string; spawnargs?: string[] };
    const user = this.user;
    const exec = (user?.exec ?? (user?.authProvider as { config?: { exec?: unknown } } | undefined)?.config?.exec) as
      | { command?: string; env?: { name: string; value: string }[] }
      | undefined;
    if (exec?.command && (e.syscall?.startsWith('spawn') || !e.code)) {
      const searchedPath = exec.env?.find((v) => v.name === 'PATH')?.value;
      return new KubeError({
        kind: 'exec',
        command: exec.command,
        ...(e.code ? { code: e.code } : {}),
        ...(e.code ? {} : { stderr: e.message }),
        ...(searchedPath ? { searchedPath } : {}),
      });
    }
    if (e.code === 'ENOENT' || e.code === 'EACCES') {
      return new KubeError({ kind: 'config', message: `A file named in the kubeconfig cannot be read: ${e.path ?? e.message}` });
    }
    return new KubeError({ kind: 'config', message: `The credentials in the kubeconfig cannot be used: ${e.message ?? String(err)}` });
  }
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a whole response body as text. */
function readBody(res: http.IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = (): void => {
      res.destroy();
      reject(signal.reason ?? new Error('aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}
