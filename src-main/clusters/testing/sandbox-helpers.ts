// Integration-test helpers over the sandbox: admin clients, pods on kwok, waiting, and a view that applies watch events.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodRow, ResourceRow, WatchEvent } from '../../../src-shared/contract/clusters';
import type { KubeClient } from '../../../src-node/kube/kube-client';
import { ClusterRegistry } from '../cluster-registry';
import { InformerPool } from '../informer-pool';
import { KubeconfigStore } from '../kubeconfig-store';
import { ShellEnvironment } from '../shell-environment';
import { ExecApprovals } from '../exec-approvals';
import { FAST_TIMING } from './clients';

/** Creates a pod the sandbox's binder puts on the kwok node (kwok then runs it). */
export async function createPod(
  admin: KubeClient,
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await admin.request(`/api/v1/namespaces/${namespace}/pods`, {
    method: 'POST',
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: { 'pipe-test': 'clusters', ...labels } },
      spec: {
        containers: [{ name: 'app', image: 'busybox' }],
        tolerations: [{ operator: 'Exists' }],
      },
    },
  });
}

/** Deletes a pod now (no grace period). */
export async function deletePod(admin: KubeClient, namespace: string, name: string): Promise<void> {
  await admin
    .request(`/api/v1/namespaces/${namespace}/pods/${name}`, {
      method: 'DELETE',
      query: { gracePeriodSeconds: 0 },
    })
    .catch(() => undefined);
}

/** Applies watch events like the renderer does; records them for assertions. */
export function recordingView() {
  const rows = new Map<string, ResourceRow>();
  const events: WatchEvent[] = [];
  let staging: Map<string, ResourceRow> | undefined;
  const emit = (e: WatchEvent): void => {
    events.push(e);
    if (e.type === 'reset') staging = new Map();
    else if (e.type === 'rows') for (const r of e.rows) staging!.set(r.uid, r);
    else if (e.type === 'synced') {
      rows.clear();
      for (const [k, v] of staging!) rows.set(k, v);
    } else if (e.type === 'delta') {
      for (const r of e.upserts) rows.set(r.uid, r);
      for (const d of e.deletes) rows.delete(d);
    }
  };
  const byName = (name: string): PodRow | undefined =>
    [...rows.values()].find((r) => r.name === name) as PodRow | undefined;
  const states = (): string[] =>
    events.filter((e): e is Extract<WatchEvent, { type: 'state' }> => e.type === 'state').map((e) => e.state);
  return { rows, events, emit, byName, states };
}

/** The etcd URL behind a sandbox apiserver, read from the apiserver's command line (Linux /proc). */
export function etcdUrlOf(pids: readonly number[], server: string): string {
  const port = new URL(server).port;
  for (const pid of pids) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.includes(`--secure-port=${port}`)) continue;
    const flag = args.find((a) => a.startsWith('--etcd-servers='));
    if (flag) return flag.slice('--etcd-servers='.length).split(',')[0]!;
  }
  throw new Error(`no apiserver process for ${server} among ${pids.join(', ')}`);
}

/** Compacts etcd up to its current revision (through etcd's HTTP gateway); older resourceVersions become 410 Gone. */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  const range = (await (
    await fetch(`${etcdUrl}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: 'AA==' }) })
  ).json()) as { header: { revision: string } };
  const revision = Number(range.header.revision);
  const res = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: String(revision), physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compaction failed: ${res.status} ${await res.text()}`);
  return revision;
}

/** Records a core/v1 Event about a made-up pod. */
export async function createEvent(
  admin: KubeClient,
  namespace: string,
  name: string,
  type: 'Normal' | 'Warning' = 'Normal',
): Promise<void> {
  const now = new Date().toISOString();
  await admin.request(`/api/v1/namespaces/${namespace}/events`, {
    method: 'POST',
    body: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { kind: 'Pod', name: `${name}-pod`, namespace },
      reason: 'Testing',
      message: `event ${name}`,
      type,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      source: { component: 'pipe-desktop-tests' },
    },
  });
}

/** The host-side cluster stack for a set of user-added kubeconfig paths (no HOME, no KUBECONFIG), with fast retries. */
export async function clusterStack(userPaths: readonly string[], namespace: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pipe-int-'));
  const shellEnv = new ShellEnvironment({ env: { PATH: process.env.PATH } });
  const store = new KubeconfigStore({
    envKubeconfig: () => undefined,
    home: undefined,
    userPaths: () => userPaths,
    appDir: join(dir, 'app'),
    watch: { debounceMs: 50 },
  });
  await store.start();
  const approvals = new ExecApprovals(join(dir, 'exec-approvals.json'));
  const registry = new ClusterRegistry({
    store,
    shellEnv,
    namespaceOf: (_c, ns) => ns ?? namespace,
    timing: FAST_TIMING,
    approvals,
  });
  registry.start();
  const pool = new InformerPool({ batchMs: 5, lingerMs: 0 });
  const dispose = async (): Promise<void> => {
    await pool.dispose();
    registry.dispose();
    store.dispose();
  };
  return {
    dir,
    store,
    registry,
    pool,
    dispose,
    firstContext: () => [...store.snapshot.merged.contexts.keys()][0]!,
  };
}
