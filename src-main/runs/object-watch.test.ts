// ObjectWatch against the HTTPS fake apiserver: snapshot, changes, a dropped watch resumed, 410 Gone → relist, a
// failed LIST reported and retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig } from '../../src-node/kube/testing/fake-apiserver';
import { KubeClient } from '../../src-node/kube/kube-client';
import type { KubeError } from '../../src-node/kube/kube-errors';
import { ObjectWatch } from './object-watch';
import { waitUntil } from '../../src-node/testing/wait-until';

let api: FakeApiserver;
let client: KubeClient;

beforeAll(async () => {
  const tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  client = KubeClient.fromFile(
    writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'pipe-ow-')), api.url, tls.caFile),
  );
});
afterAll(async () => {
  client?.dispose();
  await api?.stop();
});

function watch(ns: string) {
  const seen: string[][] = [];
  const problems: KubeError[] = [];
  const w = new ObjectWatch<{ metadata: { name: string } }>({
    client,
    path: `/api/v1/namespaces/${ns}/pods`,
    what: 'pods',
    batchMs: 5,
    retryMs: [10, 50],
    onChange: (items) => seen.push(items.map((i) => i.metadata.name).sort()),
    onProblem: (e) => problems.push(e),
  });
  const last = (): string => (seen.at(-1) ?? []).join(',');
  return { w, seen, problems, last };
}

describe('ObjectWatch', () => {
  it('lists, follows changes, resumes a dropped watch and relists after 410 Gone', async () => {
    api.put('ow', 'a');
    const x = watch('ow');
    try {
      await waitUntil(() => x.last() === 'a', 'the snapshot');
      api.put('ow', 'b');
      await waitUntil(() => x.last() === 'a,b', 'an added object');
      api.dropWatches();
      api.remove('ow', 'a');
      await waitUntil(() => x.last() === 'b', 'the delete after a dropped watch');
      const lists = x.w.stats.lists;
      // In one synchronous step: the watch is cut, a change lands, history is compacted — the resume gets 410.
      api.dropWatches();
      api.put('ow', 'c');
      api.compact();
      await waitUntil(() => x.last() === 'b,c', 'the object after 410');
      expect(x.w.stats.lists).toBeGreaterThan(lists);
      expect(x.problems).toEqual([]);
    } finally {
      x.w.dispose();
    }
  });

  it('reports a failed list and recovers when the server does', async () => {
    api.put('ow2', 'p');
    api.fail(403, 'pods is forbidden: User "dev" cannot list resource "pods"', /\/namespaces\/ow2\/pods/, 2);
    const x = watch('ow2');
    try {
      await waitUntil(() => x.problems.length > 0, 'the problem');
      expect(x.problems[0]!.status).toBe(403);
      await waitUntil(() => x.last() === 'p', 'the list after the failures');
    } finally {
      x.w.dispose();
    }
  });
});
