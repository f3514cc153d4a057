import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { indexKey, stepLogKey } from './archive-keys';
import { ArchiveApi, parseArchivePath } from './archive-http';
import type { ArchiveStore } from './archive-store';

const ref = { cluster: 'rt', namespace: 'team-a', run: 'build-1' };
const log = 'line 1\n\u001b[31mred\u001b[0m ünï\n';
const objects = new Map<string, Buffer>([
  [indexKey('p/', ref), Buffer.from('{"version":1}')],
  [stepLogKey('p/', ref, 'compile', 'make'), gzipSync(log)],
  [stepLogKey('p/', ref, 'compile', 'make', 1), gzipSync('retry\n')],
]);
const store: ArchiveStore = {
  prefix: 'p/',
  upload: async () => undefined,
  put: async () => undefined,
  open: async (key) => (objects.has(key) ? { body: Readable.from([objects.get(key)!]) } : key.includes('s3-down') ? Promise.reject(new Error('ECONNREFUSED')) : undefined),
  deleteOlderThan: async () => 0,
  dispose: () => undefined,
};
const checks: string[] = [];
const api = new ArchiveApi({
  store,
  clusters: () => ['rt'],
  access: {
    check: async (cluster, namespace, token) => {
      checks.push(`${cluster}/${namespace}`);
      if (token === 'review-down') throw new Error('apiserver down');
      if (token === 'good') return { allowed: true, user: 'dev' };
      if (token === 'other') return { allowed: false, status: 403, reason: 'dev may not read pod logs in namespace team-a' };
      return { allowed: false, status: 401, reason: 'the token was not accepted by the cluster' };
    },
  },
  logger: silentLogger,
});
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => void api.handle(req, res, (req.url ?? '/').split('?')[0]!));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('archive read API', () => {
  it('parses only well-formed paths', () => {
    expect(parseArchivePath('/logs/v1/rt/team-a/build-1')).toEqual({ ref });
    expect(parseArchivePath('/logs/v1/rt/team-a/build-1/compile/make')).toEqual({ ref, step: { task: 'compile', step: 'make' } });
    for (const bad of ['/logs/v1/rt/team-a', '/logs/v1/rt/team-a/b/c', '/logs/v1/rt/../b', '/logs/v1/rt/team-a/%2e%2e', '/logs/v1/rt/team-a/a%2Fb', '/logs/v1/rt/team-a/%E0%A4%A', '/logs/v1/RT/x/y', '/other'])
      expect(parseArchivePath(bad), bad).toBeUndefined();
  });

  it('serves the index and a step log to a user the cluster allows (gzip when accepted, plain text otherwise)', async () => {
    const index = await get('/logs/v1/rt/team-a/build-1', bearer('good'));
    expect(index.status).toBe(200);
    expect(JSON.parse(index.body.toString())).toEqual({ version: 1 });
    const plain = await get('/logs/v1/rt/team-a/build-1/compile/make', bearer('good'));
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(plain.body.toString('utf8')).toBe(log);
    const gz = await get('/logs/v1/rt/team-a/build-1/compile/make', { ...bearer('good'), 'accept-encoding': 'gzip, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.equals(objects.get(stepLogKey('p/', ref, 'compile', 'make'))!)).toBe(true);
    expect((await get('/logs/v1/rt/team-a/build-1/compile/make?attempt=1', bearer('good'))).body.toString()).toBe('retry\n');
    expect((await get('/logs/v1/rt/team-a/build-1/compile/make', bearer('good'), 'HEAD')).status).toBe(200);
    expect(checks.every((c) => c === 'rt/team-a')).toBe(true);
  });

  it('answers bad input with typed errors, never the log', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['/logs/v1/rt/team-a/build-1/compile/make', {}, 401, 'unauthorized'],
      ['/logs/v1/rt/team-a/build-1/compile/make', { authorization: 'Basic eDp5' }, 401, 'unauthorized'],
      ['/logs/v1/rt/team-a/build-1/compile/make', bearer('x'.repeat(9000)), 401, 'unauthorized'],
      ['/logs/v1/rt/team-a/build-1/compile/make', bearer('forged'), 401, 'unauthorized'],
      ['/logs/v1/rt/team-a/build-1/compile/make', bearer('other'), 403, 'forbidden'],
      ['/logs/v1/rt/team-a/build-1/compile/make', bearer('review-down'), 503, 'review-failed'],
      ['/logs/v1/nope/team-a/build-1', bearer('good'), 404, 'unknown-cluster'],
      ['/logs/v1/rt/team-a/other-run', bearer('good'), 404, 'not-archived'],
      ['/logs/v1/rt/team-a/s3-down', bearer('good'), 503, 'archive-unavailable'],
      ['/logs/v1/rt/team-a/build-1/compile/make?attempt=-1', bearer('good'), 400, 'bad-attempt'],
      ['/logs/v1/rt/team-a/build-1/compile/make?attempt=1e9', bearer('good'), 400, 'bad-attempt'],
      ['/logs/v1/rt/../../etc', bearer('good'), 400, 'bad-path'],
    ];
    for (const [path, headers, status, code] of cases) {
      const res = await get(path, headers);
      expect([path, res.status], JSON.stringify(headers).slice(0, 40)).toEqual([path, status]);
      expect(JSON.parse(res.body.toString()).code).toBe(code);
    }
    expect((await get('/logs/v1/rt/team-a/build-1', bearer('good'), 'DELETE')).status).toBe(405);
  });
});
