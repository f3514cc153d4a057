import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodRow, WatchEvent } from '../../src-shared/contract/clusters';
import {
  FakeApiserver,
  makeTls,
  writeFakeKubeconfig,
  type FakeTls,
} from '../../src-node/kube/testing/fake-apiserver';
import { connectionFor } from './testing/clients';
import { InformerPool } from './informer-pool';
import type { ClusterConnection } from './cluster-connection';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { waitUntil } from '../../src-node/testing/wait-until';

let tls: FakeTls;
let api: FakeApiserver;
let file: string;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  file = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'pipe-inf-')), api.url, tls.caFile);
});
afterAll(() => api.stop());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  api.clearFailures();
});

/** A view: applies events like the renderer does and records them. */
function view() {
  const rows = new Map<string, PodRow>();
  const events: WatchEvent[] = [];
  let staging: Map<string, PodRow> | undefined;
  const emit = (e: WatchEvent): void => {
    events.push(e);
    if (e.type === 'reset') staging = new Map();
    else if (e.type === 'rows') for (const r of e.rows as PodRow[]) staging!.set(r.uid, r);
    else if (e.type === 'synced') {
      rows.clear();
      for (const [k, v] of staging!) rows.set(k, v);
    } else if (e.type === 'delta') {
      for (const r of e.upserts as PodRow[]) rows.set(r.uid, r);
      for (const d of e.deletes) rows.delete(d);
    }
  };
  const states = () => events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state);
  return { rows, events, emit, states };
}

async function setup(
  ns: string,
): Promise<{ pool: InformerPool; handle: { client: KubeClient; connection: ClusterConnection } }> {
  const handle = await connectionFor(file, ns);
  const pool = new InformerPool({ batchMs: 5, lingerMs: 0 });
  cleanups.push(
    () => handle.client.dispose(),
    () => handle.connection.dispose(),
    () => pool.dispose(),
  );
  return { pool, handle };
}

describe('ResourceInformer + InformerPool', () => {
  it('lists, then streams adds, updates and deletes as batched deltas of compact rows', async () => {
    api.put('t1', 'a', { status: { phase: 'Running' } });
    const { pool, handle } = await setup('t1');
    const v = view();
    const { informer, release } = pool.acquire('ctx', handle, 'pods', 't1');
    cleanups.push(release);
    informer.subscribe(v.emit);
    await waitUntil(() => v.rows.size === 1, 'snapshot');
    expect(v.rows.get('uid-t1-a')).toMatchObject({ name: 'a', phase: 'Running' });
    expect(v.rows.get('uid-t1-a')).not.toHaveProperty('spec');
    await waitUntil(() => v.states().includes('live'), 'live');
    api.put('t1', 'b');
    api.put('t1', 'a', { status: { phase: 'Succeeded' } });
    api.put('other', 'x');
    await waitUntil(() => v.rows.get('uid-t1-a')?.phase === 'Succeeded' && v.rows.size === 2, 'updates');
    api.remove('t1', 'b');
    await waitUntil(() => v.rows.size === 1, 'delete');
    expect(v.rows.has('uid-other-x')).toBe(false);
  });

  it('shares one informer between subscribers and disposes it when the last one leaves', async () => {
    api.put('t2', 'a');
    const { pool, handle } = await setup('t2');
    const v1 = view();
    const v2 = view();
    const a = pool.acquire('ctx', handle, 'pods', 't2');
    const off1 = a.informer.subscribe(v1.emit);
    await waitUntil(() => v1.rows.size === 1, 'first view');
    const b = pool.acquire('ctx', handle, 'pods', 't2');
    expect(b.informer).toBe(a.informer);
    const off2 = b.informer.subscribe(v2.emit);
    expect(v2.rows.size).toBe(1);
    expect(a.informer.stats.lists).toBe(1);
    expect(pool.size).toBe(1);
    off1();
    a.release();
    expect(pool.size).toBe(1);
    off2();
    b.release();
    expect(pool.size).toBe(0);
  });

  it('410 Gone → relists and sends only the difference', async () => {
    api.put('t3', 'keep');
    api.put('t3', 'gone');
    const { pool, handle } = await setup('t3');
    const v = view();
    const { informer, release } = pool.acquire('ctx', handle, 'pods', 't3');
    cleanups.push(release);
    informer.subscribe(v.emit);
    await waitUntil(() => v.rows.size === 2 && v.states().includes('live'), 'synced');
    // While the watch is down, changes happen and history is compacted: resuming from our resourceVersion is impossible.
    api.stop();
    await api.start(api.port);
    api.remove('t3', 'gone');
    api.put('t3', 'new');
    api.compact();
    await waitUntil(
      () => informer.stats.relists >= 1 && v.rows.has('uid-t3-new') && !v.rows.has('uid-t3-gone'),
      'relist',
    );
    const resets = v.events.filter((e) => e.type === 'reset').length;
    expect(resets).toBe(1);
    expect(v.states()).toContain('relisting');
  });

  it('survives the server going away: one shared retry loop, no request storm, then resumes', async () => {
    api.put('t4', 'a');
    const { pool, handle } = await setup('t4');
    const views = [view(), view(), view()];
    for (const ns of ['t4', 't4b', 't4c']) {
      const { informer, release } = pool.acquire('ctx', handle, 'pods', ns);
      cleanups.push(release);
      informer.subscribe(views[['t4', 't4b', 't4c'].indexOf(ns)]!.emit);
    }
    await waitUntil(() => views.every((v) => v.states().includes('live')), 'live');
    const port = api.port;
    await api.stop();
    await waitUntil(() => handle.connection.status.phase === 'unreachable', 'unreachable');
    expect(handle.connection.status.problem?.code).toBe('unavailable');
    await new Promise((r) => setTimeout(r, 600));
    const before = api.requests.length;
    await api.start(port);
    api.put('t4', 'b');
    await waitUntil(() => views[0]!.rows.size === 2, 'resumed', 8000);
    expect(views[0]!.states().slice(-2)).toEqual(['reconnecting', 'live']);
    // After the restart: one probe (version + review + pods check), then each informer resumes its watch.
    const probes = api.requests.slice(before).filter((r) => r === 'GET /version').length;
    expect(probes).toBeLessThanOrEqual(2);
  });

  it('a forbidden namespace fails that view with the server message, leaving others alone', async () => {
    api.forbiddenNamespaces.add('locked');
    const { pool, handle } = await setup('t5');
    const v = view();
    const { informer, release } = pool.acquire('ctx', handle, 'pods', 'locked');
    cleanups.push(release);
    informer.subscribe(v.emit);
    await waitUntil(() => v.states().includes('failed'), 'failed');
    const failed = v.events.find((e) => e.type === 'state' && e.state === 'failed') as Extract<
      WatchEvent,
      { type: 'state' }
    >;
    expect(failed.problem?.message).toMatch(/cannot list resource "pods".*"locked"/);
    expect(handle.connection.status.phase).toBe('ready');
  });

  it('401 moves the cluster to auth-failed/expired', async () => {
    const { pool, handle } = await setup('t6');
    api.fail(401, 'Unauthorized', /pods$/);
    const v = view();
    const { informer, release } = pool.acquire('ctx', handle, 'pods', 't6');
    cleanups.push(release);
    informer.subscribe(v.emit);
    await waitUntil(() => handle.connection.status.phase === 'auth-failed', 'auth-failed');
    expect(handle.connection.status.auth).toBe('expired');
    expect(handle.connection.status.problem?.message).toBe('Credentials expired — log in again.');
    api.clearFailures();
    await handle.connection.retryNow();
    await waitUntil(() => v.states().at(-1) === 'live', 'recovered');
  });
});
