// HTTP access to one kubeconfig context: credentials from @kubernetes/client-node (all its auth kinds), pooled connections, typed errors.
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { KubeRequestError, httpError, toKubeError } from './kube-errors';
import { toClientNodeConfig, type ExecEnvironment } from './client-node-config';
import { ClientCredentials } from './client-credentials';
import type { ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';

/** A request's options. */
export interface KubeRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Names the thing asked for, so a 404 can say what was missing. */
  readonly what?: string;
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
    execEnv: ExecEnvironment,
  ) {
    const options = toClientNodeConfig(context, execEnv);
    const cluster = options.clusters[0]!;
    this.user = options.users[0]!;
    this.server = cluster.server;
    this.credentials = new ClientCredentials({ cluster, user: this.user, context: options.contexts[0]! });
  }

  /** Sends a request and parses the JSON answer. */
  async request<T>(path: string, req: KubeRequest = {}): Promise<T> {
    const text = await this.requestText(path, req);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeRequestError({ kind: 'network', message: 'The server answered with something that is not JSON.', server: this.server });
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
    if (res.statusCode! < 200 || res.statusCode! >= 300) throw httpError(res.statusCode!, body, req.what);
    return body;
  }

  /** Sends a GET and hands the 2xx body to `onText` chunk by chunk (large lists without holding them whole). */
  async requestStream(path: string, req: KubeRequest, onText: (chunk: string) => void): Promise<void> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const res = await this.open(path, req, signal);
    if (res.statusCode! < 200 || res.statusCode! >= 300) {
      const body = await readBody(res, signal).catch(() => '');
      throw httpError(res.statusCode!, body, req.what);
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
      throw httpError(res.statusCode!, body);
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
        if (!res.complete && !signal.aborted) reject(new KubeRequestError({ kind: 'network', code: 'ECONNRESET', message: 'The watch connection broke.', server: this.server }));
        else resolve();
      });
    });
  }

  /** Closes pooled connections. */
  dispose(): void {
    this.disposed = true;
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private async open(path: string, req: KubeRequest, signal: AbortSignal, headerTimeoutMs?: number): Promise<http.IncomingMessage> {
    if (this.disposed) throw new KubeRequestError({ kind: 'config', message: 'The cluster connection was closed.' });
    const opts: https.RequestOptions = { headers: {} };
    let proxyAgent: http.Agent | undefined;
    try {
      proxyAgent = await this.credentials.apply(opts);
    } catch (err) {
      throw this.credentialError(err);
    }
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const isHttps = url.protocol === 'https:';
    const agent = proxyAgent ?? this.pooledAgent(opts, isHttps);
    const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      Accept: 'application/json',
      'User-Agent': 'pipe-desktop',
      ...(body ? { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': body.length } : {}),
    };
    const lib = isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const r = lib.request(
        url,
        { method: req.method ?? 'GET', agent, headers, ...(opts.auth ? { auth: opts.auth } : {}), signal },
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

  private mapAbort(err: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): KubeRequestError {
    if (timeout.aborted && !callerSignal?.aborted) return new KubeRequestError({ kind: 'timeout', server: this.server });
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

  private credentialError(err: unknown): KubeRequestError {
    const e = err as NodeJS.ErrnoException & { path?: string; spawnargs?: string[] };
    const user = this.user;
    const exec = (user?.exec ?? (user?.authProvider as { config?: { exec?: unknown } } | undefined)?.config?.exec) as
      | { command?: string; env?: { name: string; value: string }[] }
      | undefined;
    if (exec?.command && (e.syscall?.startsWith('spawn') || !e.code)) {
      const searchedPath = exec.env?.find((v) => v.name === 'PATH')?.value;
      return new KubeRequestError({
        kind: 'exec',
        command: exec.command,
        ...(e.code ? { code: e.code } : {}),
        ...(e.code ? {} : { stderr: e.message }),
        ...(searchedPath ? { searchedPath } : {}),
      });
    }
    if (e.code === 'ENOENT' || e.code === 'EACCES') {
      return new KubeRequestError({ kind: 'config', message: `A file named in the kubeconfig cannot be read: ${e.path ?? e.message}` });
    }
    return new KubeRequestError({ kind: 'config', message: `The credentials in the kubeconfig cannot be used: ${e.message ?? String(err)}` });
  }
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
