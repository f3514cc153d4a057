import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig, type FakeTls } from './testing/fake-apiserver';
import { clientFor } from './testing/clients';
import { ClusterConnection } from './cluster-connection';
import { KubeRequestError } from './kube-errors';

let tls: FakeTls;
let api: FakeApiserver;
let dir: string;
beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'pipe-conn-'));
});
afterAll(() => api.stop());

describe('ClusterConnection', () => {
  it('reports version, user and ok auth; forbidden when the namespace refuses pods', async () => {
    api.forbiddenNamespaces.add('nope');
    const client = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'c1' }));
    let ns = 'default';
    const c = new ClusterConnection('c1', client, () => ns);
    await c.start();
    expect(c.status).toMatchObject({ phase: 'ready', auth: 'ok', serverVersion: 'v1.36.3-fake', username: 'alice@example.com' });
    ns = 'nope';
    await c.retryNow();
    expect(c.status).toMatchObject({ phase: 'ready', auth: 'forbidden' });
    expect(c.status.problem?.message).toMatch(/cannot list resource "pods"/);
    c.dispose();
    client.dispose();
  });

  it('backs off exponentially while unreachable, capped, and resets after success', async () => {
    const client = clientFor(writeFakeKubeconfig(dir, 'https://127.0.0.1:1', tls.caFile, { name: 'c2' }));
    const c = new ClusterConnection('c2', client, () => 'default', { timing: { baseMs: 50, maxMs: 400, idleMaxMs: 400 }, random: () => 0.5 });
    const delays: number[] = [];
    c.onDidChange((s) => {
      if (s.phase === 'unreachable' && s.retryAt && s.checkedAt) delays.push(s.retryAt - s.checkedAt);
    });
    await c.start();
    // Poll rather than sleep a fixed time: on a loaded machine timers fire late.
    for (let i = 0; i < 200 && delays.length < 5; i++) await new Promise((r) => setTimeout(r, 50));
    expect(c.status.phase).toBe('unreachable');
    expect(c.status.problem?.code).toBe('unavailable');
    expect(delays.slice(0, 5)).toEqual([50, 100, 200, 400, 400]);
    c.dispose();
    client.dispose();
  });

  it('many failing views produce one retry loop: reportFailure while already waiting does not add checks', async () => {
    const client = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'c3' }));
    const c = new ClusterConnection('c3', client, () => 'default', { timing: { baseMs: 200, maxMs: 200 }, random: () => 0.5 });
    await c.start();
    api.fail(503, 'down', /^\/version$/);
    const before = api.count(/^GET \/version$/);
    const err = new KubeRequestError({ kind: 'http', status: 503 });
    for (let i = 0; i < 50; i++) c.reportFailure(err);
    await new Promise((r) => setTimeout(r, 700));
    const checks = api.count(/^GET \/version$/) - before;
    expect(checks).toBeGreaterThanOrEqual(2);
    expect(checks).toBeLessThanOrEqual(4);
    api.clearFailures();
    await c.retryNow();
    expect(c.isReady).toBe(true);
    c.dispose();
    client.dispose();
  });
});
