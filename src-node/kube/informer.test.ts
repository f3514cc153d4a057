import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig, type FakeTls } from './testing/fake-apiserver';
import { KubeClient } from './kube-client';
import { Informer, backoffRetry, type InformerEventType, type InformerState } from './informer';
import type { KubeObject } from './kube-types';
import { ManualClock } from '../time/manual-clock';
import { createLogger } from '../log/logger';
import { waitUntil } from '../testing/wait-until';

let tls: FakeTls;
let api: FakeApiserver;
let file: string;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  file = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'pipe-informer-')), api.url, tls.caFile);
});
afterAll(() => api.stop());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  api.clearFailures();
  api.bookmarkEveryMs = 0;
});

/** An informer on the pods of `ns` with a manual clock, recording what it tells. */
function start(ns: string, clock = new ManualClock()) {
  const client = KubeClient.fromFile(file);
  const informer = new Informer<KubeObject>({
    client,
    path: `/api/v1/namespaces/${ns}/pods`,
    clock,
    random: () => 0,
  });
  const changes: string[] = [];
  const states: InformerState[] = [];
  informer.onDidChange((type: InformerEventType, obj) => changes.push(`${type} ${obj.metadata.name}`));
  informer.onDidChangeState((s) => states.push(s));
  cleanups.push(
    () => client.dispose(),
    () => informer.dispose(),
  );
  informer.start();
  return { informer, changes, states, clock };
}

describe('Informer (src-node): list + watch', () => {
  it('lists, then applies watch events to the cache and tells listeners', async () => {
    api.put('i1', 'a');
    const { informer, changes } = start('i1');
    await informer.whenSynced();
    expect(changes).toEqual(['ADDED a']);
    await waitUntil(() => informer.state === 'live', 'live');
    api.put('i1', 'b');
    api.put('i1', 'a', { status: { phase: 'Running' } });
    api.put('i1-other', 'x');
    api.remove('i1', 'b');
    await waitUntil(() => changes.length === 4, 'watch events');
    expect(changes).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['a']);
    expect(informer.get('i1', 'a')).toMatchObject({ status: { phase: 'Running' } });
    expect(informer.stats).toMatchObject({ lists: 1, watches: 1, relists: 0, events: 3 });
  });

  it('resumes a broken watch from its resourceVersion after a backoff on the clock (no relist)', async () => {
    api.put('i2', 'a');
    const { informer, changes, states, clock } = start('i2');
    await waitUntil(() => informer.state === 'live', 'live');
    api.dropWatches();
    await waitUntil(() => informer.state === 'reconnecting', 'reconnecting');
    await waitUntil(() => clock.pending.length === 1, 'backoff timer');
    expect(clock.pending).toEqual([500]);
    api.put('i2', 'b');
    clock.advance(500);
    await waitUntil(() => changes.includes('ADDED b'), 'the change made while away');
    expect(informer.stats.lists).toBe(1);
    expect(states).toEqual(['live', 'reconnecting', 'live']);
  });

  it('relists on 410 Gone and tells only what changed while it was away', async () => {
    api.put('i3', 'keep');
    api.put('i3', 'gone');
    const { informer, changes, clock } = start('i3');
    await waitUntil(() => informer.state === 'live', 'live');
    api.dropWatches();
    await waitUntil(() => clock.pending.length === 1, 'backoff timer');
    api.remove('i3', 'gone');
    api.put('i3', 'new');
    api.compact();
    changes.length = 0;
    clock.advance(500);
    await waitUntil(() => informer.stats.relists === 1 && informer.state === 'live', 'relist');
    expect(changes.sort()).toEqual(['ADDED new', 'DELETED gone']);
    expect(informer.stats.lists).toBe(2);
    expect(
      informer
        .list()
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['keep', 'new']);
  });

  it('takes the resourceVersion of bookmarks without telling listeners', async () => {
    api.bookmarkEveryMs = 10;
    const { informer, changes } = start('i4');
    await waitUntil(() => informer.state === 'live', 'live');
    const before = informer.resourceVersion;
    const other = api.put('i4-other', 'x');
    await waitUntil(() => informer.resourceVersion === other.metadata.resourceVersion, 'bookmark');
    expect(Number(informer.resourceVersion)).toBeGreaterThan(Number(before));
    expect(changes).toEqual([]);
    expect(informer.stats.events).toBe(0);
  });

  it('backs off exponentially on the clock while the server fails, then syncs', async () => {
    api.fail(500, 'etcd is down', /\/namespaces\/i5\/pods$/);
    api.put('i5', 'a');
    const { informer, states, clock } = start('i5');
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await waitUntil(() => clock.pending.length === 1, `attempt ${i + 1}`);
      delays.push(clock.pending[0]!);
      if (i === 6) api.clearFailures();
      clock.advance(clock.pending[0]!);
    }
    await informer.whenSynced();
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(states[0]).toBe('reconnecting');
    expect(informer.problem).toBeUndefined();
    expect(informer.state).not.toBe('failed');
  });

  it('a refusal (403) is failed with the server message, and is retried from a fresh list', async () => {
    api.forbiddenNamespaces.add('i6');
    const { informer, clock } = start('i6');
    await waitUntil(() => informer.state === 'failed', 'failed');
    expect(informer.problem?.message).toContain('pods is forbidden');
    api.forbiddenNamespaces.delete('i6');
    await waitUntil(() => clock.pending.length === 1, 'backoff');
    clock.advance(clock.pending[0]!);
    await informer.whenSynced();
  });

  it('a listener that throws is logged and the others still hear', async () => {
    const lines: string[] = [];
    const client = KubeClient.fromFile(file);
    const informer = new Informer<KubeObject>({
      client,
      path: '/api/v1/namespaces/i7/pods',
      logger: createLogger('error', (l) => lines.push(l)),
    });
    cleanups.push(
      () => client.dispose(),
      () => informer.dispose(),
    );
    const heard: string[] = [];
    informer.onDidChange(() => {
      throw new Error('listener bug');
    });
    informer.onDidChange((_t, o) => heard.push(o.metadata.name));
    api.put('i7', 'a');
    await informer.start().whenSynced();
    expect(heard).toEqual(['a']);
    expect(lines.join('\n')).toContain('informer listener failed');
  });

  it('dispose ends the loop: no open watch, no timer left', async () => {
    const { informer, clock } = start('i8');
    await waitUntil(() => informer.state === 'live', 'live');
    const watchesBefore = api.count(/\/namespaces\/i8\/pods/);
    await informer.dispose();
    expect(clock.pending).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.count(/\/namespaces\/i8\/pods/)).toBe(watchesBefore);
  });

  it('dispose during a backoff wait returns at once', async () => {
    api.fail(503, 'unavailable', /\/namespaces\/i9\/pods$/);
    const clock = new ManualClock();
    const client = KubeClient.fromFile(file);
    const informer = new Informer<KubeObject>({
      client,
      path: '/api/v1/namespaces/i9/pods',
      retry: backoffRetry({ clock, initialMs: 60_000 }),
    });
    cleanups.push(() => client.dispose());
    informer.start();
    await waitUntil(() => clock.pending.length === 1, 'backoff');
    await informer.dispose();
    expect(clock.pending).toEqual([]);
  });
});
