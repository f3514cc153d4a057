// Against the sandbox's real apiservers: live kubeconfig edits, broken files, a real 403, 410 → relist, shared informers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import { clientFor } from './testing/clients';
import {
  clusterStack,
  compactEtcd,
  createEvent,
  createPod,
  deletePod,
  etcdUrlOf,
  recordingView,
} from './testing/sandbox-helpers';
import { waitUntil } from '../../src-node/testing/wait-until';
import type { KubeClient } from '../../src-node/kube/kube-client';

let info: SandboxInfo;
let admin: KubeClient;
const cleanups: (() => unknown)[] = [];
const podsToDelete: string[] = [];

beforeAll(() => {
  info = readSandboxInfo();
  admin = clientFor(info.runtime.adminKubeconfig);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await Promise.all(podsToDelete.splice(0).map((n) => deletePod(admin, info.teamNamespace, n)));
});
afterAll(() => admin.dispose());

async function stack(userPaths: string[]) {
  const s = await clusterStack(userPaths, info.teamNamespace);
  cleanups.push(s.dispose);
  return s;
}

describe('kubeconfigs against the sandbox', () => {
  it('a kubeconfig edited on disk shows up live and its new context connects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-live-'));
    const file = join(dir, 'config');
    copyFileSync(info.core.adminKubeconfig, file);
    const { registry, store } = await stack([file]);
    const first = [...store.snapshot.merged.contexts.keys()];
    expect(first).toHaveLength(1);
    await waitUntil(() => registry.get(first[0]!)?.connection.isReady === true, 'core admin ready');

    // Add the runtime admin context to the same file, as `kubectl config set-context` would.
    const doc = parse(readFileSync(file, 'utf8')) as {
      clusters: unknown[];
      users: unknown[];
      contexts: unknown[];
    };
    const rt = parse(readFileSync(info.runtime.adminKubeconfig, 'utf8')) as typeof doc;
    doc.clusters.push(...rt.clusters);
    doc.users.push(...rt.users);
    doc.contexts.push(...rt.contexts);
    writeFileSync(file, stringify(doc));
    const added = (rt.contexts[0] as { name: string }).name;
    await waitUntil(() => registry.get(added)?.connection.isReady === true, 'new context connected');
    expect(registry.get(added)!.connection.status.serverVersion).toMatch(/^v1\.36/);
    // The untouched context kept its client (no reconnect storm on unrelated edits).
    expect(registry.get(first[0]!)!.connection.isReady).toBe(true);
  });

  it('a broken file is reported against itself while the other files keep working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-broken-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      'apiVersion: v1\nclusters: [ {name: x, cluster: {server: https://1.2.3.4}\n  ::: not yaml',
    );
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `# ${'x'.repeat(4 * 1024 * 1024)}\n`);
    const { registry, store } = await stack([broken, info.runtime.adminKubeconfig, huge]);
    const files = store.fileInfos();
    expect(files.find((f) => f.path === broken)).toMatchObject({ state: 'error' });
    expect(files.find((f) => f.path === broken)!.problems[0]!.message).toMatch(/Not valid YAML/);
    expect(files.find((f) => f.path === huge)!.problems[0]!.message).toMatch(/not read/);
    expect(files.find((f) => f.path === info.runtime.adminKubeconfig)).toMatchObject({
      state: 'ok',
      contexts: 1,
    });
    const ctx = [...store.snapshot.merged.contexts.keys()][0]!;
    await waitUntil(() => registry.get(ctx)?.connection.isReady === true, 'runtime admin ready');
  });
});

describe('live resources against the sandbox', () => {
  it('a 403 shows the server’s message verbatim (user in the forbidden namespace)', async () => {
    const { registry, pool, store } = await stack([info.runtime.userKubeconfig]);
    const ctx = [...store.snapshot.merged.contexts.keys()][0]!;
    // The user's exec plugin (a file the user added) runs only once the cluster is opened and the command allowed.
    expect(registry.get(ctx)!.connection.status.phase).toBe('idle');
    await registry.approveExec(ctx);
    await waitUntil(
      () => registry.get(ctx)?.connection.isReady === true,
      'user ready (exec plugin → Dex token)',
    );
    expect(registry.get(ctx)!.connection.status.username).toBe(info.dex.user.email);
    const view = recordingView();
    const { informer, release } = pool.acquire(ctx, registry.handle(ctx), 'pods', info.forbiddenNamespace);
    cleanups.push(release);
    informer.subscribe(view.emit);
    await waitUntil(() => view.states().includes('failed'), 'failed state');
    const failed = view.events.find((e) => e.type === 'state' && e.state === 'failed') as Extract<
      (typeof view.events)[number],
      { type: 'state' }
    >;
    expect(failed.problem).toMatchObject({
      code: 'forbidden',
      message: `pods is forbidden: User "${info.dex.user.email}" cannot list resource "pods" in API group "" in the namespace "${info.forbiddenNamespace}"`,
    });
    // The cluster itself stays usable: the team namespace lists fine through the same connection.
    const ok = recordingView();
    const team = pool.acquire(ctx, registry.handle(ctx), 'pods', info.teamNamespace);
    cleanups.push(team.release);
    team.informer.subscribe(ok.emit);
    await waitUntil(() => ok.states().includes('live'), 'team namespace live');
  });

  it('410 Gone after etcd compaction → relist (views keep their rows, no second snapshot)', async () => {
    const { registry, pool, store } = await stack([info.runtime.adminKubeconfig]);
    const ctx = [...store.snapshot.merged.contexts.keys()][0]!;
    await waitUntil(() => registry.get(ctx)?.connection.isReady === true, 'ready');
    // Events are not in the apiserver's watch cache, so a resumed watch goes to etcd and meets the compaction.
    const view = recordingView();
    const { informer, release } = pool.acquire(ctx, registry.handle(ctx), 'events', info.teamNamespace);
    cleanups.push(release);
    informer.subscribe(view.emit);
    await waitUntil(() => view.states().includes('live'), 'live');
    const before = view.rows.size;
    const name = `relist-${Date.now()}`;
    podsToDelete.push(name);
    await createEvent(admin, info.teamNamespace, `${name}-a`);
    await waitUntil(() => view.rows.size === before + 1, 'event seen');
    // Two more writes move etcd past our resourceVersion; then compaction removes the history we would resume from.
    await createEvent(admin, info.teamNamespace, `${name}-b`);
    await createEvent(admin, info.teamNamespace, `${name}-c`);
    await waitUntil(() => view.rows.size === before + 3, 'events seen');
    await createPod(admin, info.teamNamespace, `${name}-x`);
    await deletePod(admin, info.teamNamespace, `${name}-x`);
    await compactEtcd(etcdUrlOf(info.pids, info.runtime.server));
    // As if the connection dropped: the resumed watch asks for history etcd no longer has.
    informer.restartWatch();
    await waitUntil(() => informer.stats.relists === 1, 'relist after 410');
    await waitUntil(() => view.states().at(-1) === 'live', 'live again');
    expect(view.states()).toContain('relisting');
    expect(view.events.filter((e) => e.type === 'reset')).toHaveLength(1);
    expect(view.rows.size).toBe(before + 3);
    await createEvent(admin, info.teamNamespace, `${name}-e`);
    await waitUntil(() => view.rows.size === before + 4, 'changes flow after the relist');
  });

  it('one informer is shared by every view of the same list; a pod appears and changes state live', async () => {
    const { registry, pool, store } = await stack([info.runtime.adminKubeconfig]);
    const ctx = [...store.snapshot.merged.contexts.keys()][0]!;
    await waitUntil(() => registry.get(ctx)?.connection.isReady === true, 'ready');
    const views = [recordingView(), recordingView(), recordingView()];
    for (const v of views) {
      const { informer, release } = pool.acquire(ctx, registry.handle(ctx), 'pods', info.teamNamespace);
      cleanups.push(release);
      informer.subscribe(v.emit);
    }
    expect(pool.size).toBe(1);
    const name = `live-${Date.now()}`;
    podsToDelete.push(name);
    await createPod(admin, info.teamNamespace, name);
    // kwok runs it: Pending → Running on the fake node.
    await waitUntil(
      () => views.every((v) => v.byName(name)?.phase === 'Running'),
      'Running in every view',
      30_000,
    );
    expect(views[0]!.byName(name)).toMatchObject({ node: info.kwok.nodeName, ready: 1, containers: 1 });
    expect(pool.peek(ctx, 'pods', info.teamNamespace)!.stats.lists).toBe(1);
  });
});
