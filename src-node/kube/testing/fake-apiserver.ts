// A tiny HTTPS apiserver for unit tests: list/watch of pods with resourceVersions, 410 after compaction, injected failures,
// WebSocket upgrades that echo (as exec/attach use).
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

/** TLS material for the fake server (self-signed for 127.0.0.1). */
export interface FakeTls {
  readonly dir: string;
  readonly caFile: string;
  readonly cert: string;
  readonly key: string;
}

/** Makes a self-signed serving certificate with the openssl CLI. */
export function makeTls(): FakeTls {
  const dir = mkdtempSync(join(tmpdir(), 'pipe-fake-api-'));
  const keyFile = join(dir, 'tls.key');
  const certFile = join(dir, 'tls.crt');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { dir, caFile: certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

type Obj = { metadata: { name: string; namespace: string; uid: string; resourceVersion?: string; creationTimestamp: string }; [k: string]: unknown };
type Failure = { status: number; message: string; path?: RegExp; times: number };

/** The fake server. Counts requests per path so tests can check there are no storms. */
export class FakeApiserver {
  private server: https.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly watchers = new Set<(line: string) => void>();
  private readonly watchEnds = new Set<() => void>();
  private readonly objects = new Map<string, Obj>();
  private history: { rv: number; line: string }[] = [];
  private rv = 100;
  private oldest = 0;
  private failures: Failure[] = [];
  port = 0;
  readonly requests: string[] = [];
  /** WebSocket upgrades: the full URL asked for and every frame the client sent. */
  readonly upgrades: { readonly url: string; readonly frames: Buffer[] }[] = [];
  /** Token the server accepts (others get 401); undefined accepts anything. */
  token: string | undefined = 'good-token';
  /** Namespaces where listing pods is forbidden (403 with an RBAC-style message). */
  forbiddenNamespaces = new Set<string>();
  bookmarkEveryMs = 0;

  constructor(private readonly tls: FakeTls) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const server = https.createServer({ cert: this.tls.cert, key: this.tls.key }, (req, res) => this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(req, socket, head));
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops accepting and cuts every connection (like a killed apiserver). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.watchers.clear();
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  /** Cuts open watch connections without stopping the server. */
  dropWatches(): void {
    this.watchers.clear();
    for (const sock of this.sockets) sock.destroy();
  }

  /** Ends every open watch cleanly, as an apiserver does when a watch's timeout passes. */
  endWatches(): void {
    for (const end of [...this.watchEnds]) end();
  }

  /** Forgets history: watches from older resourceVersions get 410 Gone. */
  compact(): void {
    this.oldest = this.rv;
    this.history = [];
  }

  /** The next `times` requests matching `path` fail with this status and message. */
  fail(status: number, message: string, path?: RegExp, times = Number.POSITIVE_INFINITY): void {
    this.failures.push({ status, message, times, ...(path ? { path } : {}) });
  }

  clearFailures(): void {
    this.failures = [];
  }

  count(pattern: RegExp): number {
    return this.requests.filter((r) => pattern.test(r)).length;
  }

  put(ns: string, name: string, patch: Record<string, unknown> = {}): Obj {
    const key = `${ns}/${name}`;
    const existing = this.objects.get(key);
    const obj: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Pending' },
      ...existing,
      ...patch,
      metadata: {
        name,
        namespace: ns,
        uid: existing?.metadata.uid ?? `uid-${ns}-${name}`,
        creationTimestamp: existing?.metadata.creationTimestamp ?? new Date().toISOString(),
        resourceVersion: String(++this.rv),
      },
    };
    this.objects.set(key, obj);
    this.emit(existing ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  remove(ns: string, name: string): void {
    const obj = this.objects.get(`${ns}/${name}`);
    if (!obj) return;
    this.objects.delete(`${ns}/${name}`);
    this.emit('DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } });
  }

  private emit(type: string, obj: Obj): void {
    const line = JSON.stringify({ type, object: obj }) + '\n';
    this.history.push({ rv: this.rv, line });
    for (const w of this.watchers) w(line);
  }

  /** WebSocket upgrades (as exec/attach use): checks the token, then greets with what it saw and echoes frames. */
  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.requests.push(`UPGRADE ${new URL(req.url ?? '/', 'https://x').pathname}`);
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) {
      const body = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    const seen = { url: req.url ?? '', frames: [] as Buffer[] };
    this.upgrades.push(seen);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ url: req.url, protocol: ws.protocol, userAgent: req.headers['user-agent'] }));
      ws.on('message', (data: Buffer, isBinary) => {
        seen.frames.push(Buffer.from(data));
        ws.send(data, { binary: isBinary });
      });
    });
  }

  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0] ?? false });

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://x');
    this.requests.push(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''}`);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, message: string, reason: string): void =>
      send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

    const failure = this.failures.find((f) => f.times > 0 && (!f.path || f.path.test(url.pathname)));
    if (failure) {
      failure.times--;
      return status(failure.status, failure.message, 'Injected');
    }
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) return status(401, 'Unauthorized', 'Unauthorized');
    if (url.pathname === '/version') return send(200, { gitVersion: 'v1.36.3-fake' });
    if (url.pathname === '/apis/authentication.k8s.io/v1/selfsubjectreviews') {
      return send(201, { status: { userInfo: { username: 'alice@example.com' } } });
    }
    const one = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const obj = this.objects.get(`${one[1]}/${one[2]}`);
      return obj ? send(200, obj) : status(404, `pods "${one[2]}" not found`, 'NotFound');
    }
    const m = /^\/api\/v1(?:\/namespaces\/([^/]+))?\/pods$/.exec(url.pathname);
    if (!m) return status(404, 'the server could not find the requested resource', 'NotFound');
    const ns = m[1];
    if (ns && this.forbiddenNamespaces.has(ns)) {
      return status(403, `pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "${ns}"`, 'Forbidden');
    }
    const inNs = (o: Obj): boolean => !ns || o.metadata.namespace === ns;
    if (url.searchParams.get('watch') !== 'true') {
      const items = [...this.objects.values()].filter(inNs);
      const limit = Number(url.searchParams.get('limit') ?? 0);
      return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) }, items: limit ? items.slice(0, limit) : items });
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? 0);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    if (from < this.oldest) {
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: `too old resource version: ${from} (${this.oldest})` } }) + '\n');
      return;
    }
    const nsOf = (line: string): string | undefined => (JSON.parse(line) as { object: Obj }).object.metadata.namespace;
    const write = (line: string): void => {
      if (!ns || nsOf(line) === ns) res.write(line);
    };
    for (const h of this.history) if (h.rv > from) write(h.line);
    this.watchers.add(write);
    const end = (): void => void res.end();
    this.watchEnds.add(end);
    const bookmark = this.bookmarkEveryMs
      ? setInterval(() => res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } }) + '\n'), this.bookmarkEveryMs)
      : undefined;
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer = timeout ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      this.watchers.delete(write);
      this.watchEnds.delete(end);
      if (bookmark) clearInterval(bookmark);
      if (timer) clearTimeout(timer);
    });
  }
}

/** Writes a kubeconfig for the fake server into `dir` and returns its path. */
export function writeFakeKubeconfig(dir: string, server: string, caFile: string | undefined, opts: { name?: string; token?: string; user?: Record<string, unknown>; namespace?: string } = {}): string {
  const name = opts.name ?? 'fake';
  const file = join(dir, `${name}.yaml`);
  const cluster: Record<string, unknown> = { server, ...(caFile ? { 'certificate-authority': caFile } : {}) };
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: opts.user ?? { token: opts.token ?? 'good-token' } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': name,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}
