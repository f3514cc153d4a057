// Read API of the archive for desktops (no S3 credentials on desktops): GET /logs/v1/<cluster>/<namespace>/<run> → the
// run's index; …/<run>/<task>/<step>[?attempt=N] → the step's log (gzip when the client accepts it). Callers present
// their own bearer token; LogAccess decides with the run's cluster.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Logger } from '../log/logger';
import { indexKey, isKeySegment, stepLogKey, type RunRef } from './archive-keys';
import type { ArchiveStore } from './archive-store';
import type { AccessVerdict } from './log-access';

/** Where the API is mounted on the webhook port. */
export const ARCHIVE_API_PREFIX = '/logs/v1/';
/** Downloads served at once; more get 503 + Retry-After. */
const MAX_CONCURRENT = 32;
const MAX_TOKEN_CHARS = 8192;

/** What the read API needs. */
export interface ArchiveApiDeps {
  readonly store: ArchiveStore;
  readonly clusters: () => readonly string[];
  readonly access: { check(cluster: string, namespace: string, token: string, signal?: AbortSignal): Promise<AccessVerdict> };
  readonly logger: Logger;
}

/** A parsed request path: a run's index, or one step's log. */
export type ArchivePath = { readonly ref: RunRef; readonly step?: { readonly task: string; readonly step: string } };

/** Parses `/logs/v1/<cluster>/<namespace>/<run>[/<task>/<step>]`; undefined for anything else. */
export function parseArchivePath(path: string): ArchivePath | undefined {
  if (!path.startsWith(ARCHIVE_API_PREFIX)) return undefined;
  let parts: string[];
  try {
    parts = path.slice(ARCHIVE_API_PREFIX.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if ((parts.length !== 3 && parts.length !== 5) || !parts.every(isKeySegment)) return undefined;
  const [cluster, namespace, run, task, step] = parts as [string, string, string, string?, string?];
  return { ref: { cluster, namespace, run }, ...(task && step ? { step: { task, step } } : {}) };
}

function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Serves the archive read API. */
export class ArchiveApi {
  readonly prefix = ARCHIVE_API_PREFIX;
  private active = 0;

  constructor(private readonly deps: ArchiveApiDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { code: 'method', message: 'use GET' }, { allow: 'GET, HEAD' });
    const parsed = parseArchivePath(path);
    if (!parsed) return sendJson(res, 400, { code: 'bad-path', message: 'expected /logs/v1/<cluster>/<namespace>/<run>[/<task>/<step>]' });
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(auth);
    if (!m || m[1]!.length > MAX_TOKEN_CHARS)
      return sendJson(res, 401, { code: 'unauthorized', message: 'send your cluster token as Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer' });
    const { ref } = parsed;
    if (!this.deps.clusters().includes(ref.cluster)) return sendJson(res, 404, { code: 'unknown-cluster', message: `no cluster named ${ref.cluster}` });
    if (this.active >= MAX_CONCURRENT) return sendJson(res, 503, { code: 'busy', message: 'too many downloads at once' }, { 'retry-after': '5' });
    this.active++;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      let verdict: AccessVerdict;
      try {
        verdict = await this.deps.access.check(ref.cluster, ref.namespace, m[1]!, abort.signal);
      } catch (err) {
        this.deps.logger.warn('archive access review failed', { cluster: ref.cluster, err });
        return sendJson(res, 503, { code: 'review-failed', message: 'the cluster could not check your access; try again' }, { 'retry-after': '5' });
      }
      if (!verdict.allowed) return sendJson(res, verdict.status, { code: verdict.status === 401 ? 'unauthorized' : 'forbidden', message: verdict.reason });
      await this.serve(req, res, parsed, abort.signal);
    } finally {
      this.active--;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, p: ArchivePath, signal: AbortSignal): Promise<void> {
    const attempt = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('attempt') ?? '0');
    if (!Number.isInteger(attempt) || attempt < 0 || attempt > 1000) return sendJson(res, 400, { code: 'bad-attempt', message: 'attempt must be a small whole number' });
    const prefix = this.deps.store.prefix;
    const key = p.step ? stepLogKey(prefix, p.ref, p.step.task, p.step.step, attempt) : indexKey(prefix, p.ref);
    let obj;
    try {
      obj = await this.deps.store.open(key, signal);
    } catch (err) {
      this.deps.logger.warn('archive read failed', { key, err });
      return sendJson(res, 503, { code: 'archive-unavailable', message: 'the log archive cannot be reached; try again' }, { 'retry-after': '10' });
    }
    if (!obj) return sendJson(res, 404, { code: 'not-archived', message: p.step ? 'this step has no archived log' : 'this run has no archived logs' });
    const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const headers: Record<string, string> = { 'cache-control': 'private, no-store' };
    if (!p.step) headers['content-type'] = 'application/json';
    else {
      headers['content-type'] = 'text/plain; charset=utf-8';
      if (gzipOk) headers['content-encoding'] = 'gzip';
    }
    if (req.method === 'HEAD') {
      obj.body.destroy();
      res.writeHead(200, headers);
      return void res.end();
    }
    res.writeHead(200, headers);
    try {
      if (p.step && !gzipOk) await pipeline(obj.body, createGunzip(), res);
      else await pipeline(obj.body, res);
    } catch (err) {
      if (!signal.aborted) this.deps.logger.warn('archive download broke off', { key, err });
      res.destroy();
    }
  }
}
