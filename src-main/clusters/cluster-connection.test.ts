import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FakeApiserver,
  makeTls,
  writeFakeKubeconfig,
  type FakeTls,
} from '../../src-node/kube/testing/fake-apiserver';
import { clientFor } from './testing/clients';
import { ClusterConnection } from './cluster-connection';
import { KubeError } from '../../src-node/kube/kube-errors';
import { ManualClock } from '../../src-node/time/manual-clock';
import { waitUntil } from '../../src-node/testing/wait-until';

/** Waits for real I/O (the fake apiserver's answers); the clock under test is manual. */
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
    expect(c.status).toMatchObject({
      phase: 'ready',
      auth: 'ok',
      serverVersion: 'v1.36.3-fake',
      username: 'alice@example.com',
    });
    ns = 'nope';
    await c.retryNow();
    expect(c.status).toMatchObject({ phase: 'ready', auth: 'forbidden' });
    expect(c.status.problem?.message).toMatch(/cannot list resource "pods"/);
    c.dispose();
    client.dispose();
  });

  it('backs off exponentially while unreachable, capped, and resets after success', async () => {
    // Time is the behaviour here, so a manual clock drives it: no real waiting, nothing depends on machine speed.
    const clock = new ManualClock();
    const client = clientFor(writeFakeKubeconfig(dir, 'https://127.0.0.1:1', tls.caFile, { name: 'c2' }));
    const c = new ClusterConnection('c2', client, () => 'default', {
      timing: { baseMs: 50, maxMs: 400, idleMaxMs: 400 },
      random: () => 0.5,
      clock,
    });
    const delays: number[] = [];
    c.onDidChange((s) => {
      if (s.phase === 'unreachable' && s.retryAt && s.checkedAt) delays.push(s.retryAt - s.checkedAt);
    });
    await c.start();
    for (let n = 2; n <= 5; n++) {
      expect(clock.pending).toEqual([delays.at(-1)]);
      clock.advance(delays.at(-1)!);
      await waitUntil(() => delays.length === n, `failed check ${n}`);
    }
    expect(c.status.phase).toBe('unreachable');
    expect(c.status.problem?.code).toBe('unavailable');
    expect(c.status.checkedAt).toBe(clock.now());
    expect(delays).toEqual([50, 100, 200, 400, 400]);
    c.dispose();
    expect(clock.pending).toEqual([]);
    client.dispose();
  });

  it('many failing views produce one retry loop: reportFailure while already waiting does not add checks', async () => {
    const clock = new ManualClock();
    const client = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'c3' }));
    const c = new ClusterConnection('c3', client, () => 'default', {
      timing: { baseMs: 200, maxMs: 200 },
      random: () => 0.5,
      clock,
    });
    await c.start();
    api.fail(503, 'down', /^\/version$/);
    const before = api.count(/^GET \/version$/);
    const err = new KubeError({ kind: 'http', status: 503 });
    for (let i = 0; i < 50; i++) c.reportFailure(err);
    // Fifty reports, one scheduled retry (the health check it replaced is gone).
    expect(clock.pending).toEqual([200]);
    expect(api.count(/^GET \/version$/) - before).toBe(0);
    for (let n = 1; n <= 3; n++) {
      clock.advance(clock.pending[0]!);
      await waitUntil(
        () => api.count(/^GET \/version$/) - before === n && clock.pending.length === 1,
        `retry ${n}`,
      );
      for (let i = 0; i < 50; i++) c.reportFailure(err);
      expect(clock.pending).toHaveLength(1);
    }
    expect(api.count(/^GET \/version$/) - before).toBe(3);
    api.clearFailures();
    await c.retryNow();
    expect(c.isReady).toBe(true);
    c.dispose();
    client.dispose();
  });
});
