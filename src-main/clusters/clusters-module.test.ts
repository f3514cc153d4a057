import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type Contract } from '../../src-shared/contract';
import type { ClustersOverview, WatchEvent } from '../../src-shared/contract/clusters';
import type { HostMessage } from '../../src-shared/contract/wire';
import { createRpcClient } from '../../src-shared/contract/rpc-client';
import { loadConfig } from '../config';
import { ServiceContainer } from '../host/service-container';
import { RpcHost } from '../host/rpc-host';
import { NoticeCenter } from '../services/notice-center';
import { SettingsStore } from '../services/settings-store';
import { createLogger } from '../util/logger';
import { createClustersModule } from './clusters-module';
import {
  FakeApiserver,
  makeTls,
  writeFakeKubeconfig,
  type FakeTls,
} from '../../src-node/kube/testing/fake-apiserver';
import { FAST_TIMING } from './testing/clients';
import { waitUntil } from '../../src-node/testing/wait-until';

let tls: FakeTls;
let api: FakeApiserver;
beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
});
afterAll(() => api.stop());

/** The cluster domain behind a real RpcHost, with an in-process client (what both transports carry). */
async function host(env: Record<string, string>, dataDir = mkdtempSync(join(tmpdir(), 'pipe-mod-'))) {
  const config = loadConfig({ PIPE_DESKTOP_DATA_DIR: dataDir, ...env });
  const services = new ServiceContainer();
  const settings = services.add('settings', new SettingsStore(dataDir, new NoticeCenter()));
  const clusters = createClustersModule(config, settings, services, createLogger('error'), {
    timing: FAST_TIMING,
    informers: { lingerMs: 0, batchMs: 5 },
    watchDebounceMs: 30,
    shellTimeoutMs: 500,
  });
  await services.start();
  const handlers = { app: {}, settings: {}, clusters: clusters.handlers } as never;
  const rpc = new RpcHost<Contract>(contract, handlers, { batchMs: 2 });
  const listeners = new Set<(m: HostMessage) => void>();
  const conn = rpc.connect((m) =>
    queueMicrotask(() => listeners.forEach((l) => l(JSON.parse(JSON.stringify(m)) as HostMessage))),
  );
  const client = createRpcClient<Contract>({
    send: (m) => conn.receive(JSON.stringify(m)),
    onMessage: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  return { api: client.api, clusters, services, conn, client, dataDir };
}

describe('clusters domain over the RPC host', () => {
  it('streams the overview and a live table; follows a kubeconfig edit; leaves nothing running after stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-mod-kc-'));
    const file = writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'fake', namespace: 'm1' });
    api.put('m1', 'web');
    const h = await host({ KUBECONFIG: file, HOME: dir });

    const overviews: ClustersOverview[] = [];
    const stopOverview = h.api.clusters.overview({}, { next: (o) => overviews.push(o) });
    await waitUntil(() => overviews.at(-1)?.clusters[0]?.status.phase === 'ready', 'ready in the overview');
    const entry = overviews.at(-1)!.clusters[0]!;
    expect(entry).toMatchObject({
      context: 'fake',
      namespace: 'm1',
      group: 'other',
      authKind: 'token',
      isCurrent: true,
    });
    expect(entry.status).toMatchObject({ serverVersion: 'v1.36.3-fake', username: 'alice@example.com' });
    expect(overviews.at(-1)!.files[0]).toMatchObject({ path: file, kind: 'env', state: 'ok' });

    const events: WatchEvent[] = [];
    const stopWatch = h.api.clusters.watch(
      { context: 'fake', resource: 'pods', namespace: 'm1' },
      { next: (e) => events.push(e) },
    );
    await waitUntil(() => events.some((e) => e.type === 'synced'), 'snapshot');
    api.put('m1', 'api');
    await waitUntil(
      () => events.some((e) => e.type === 'delta' && e.upserts.some((r) => r.name === 'api')),
      'delta',
    );

    // The detail drawer's full object, fetched on demand.
    const detail = await h.api.clusters.get({
      context: 'fake',
      resource: 'pods',
      namespace: 'm1',
      name: 'web',
    });
    expect(detail.yaml).toMatch(/name: web/);
    await expect(h.api.clusters.get({ context: 'nope', resource: 'pods', name: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });

    // Changing the context's user in the file re-creates its client; the open table follows with a fresh snapshot.
    const resetsBefore = events.filter((e) => e.type === 'reset').length;
    writeFileSync(file, writeFakeKubeconfigText(api.url, tls.caFile));
    await waitUntil(
      () => events.filter((e) => e.type === 'reset').length > resetsBefore,
      'fresh snapshot after the edit',
    );

    // Export and the kubectl command line.
    const exported = await h.api.clusters.exportKubeconfig({ context: 'fake', namespace: 'm1' });
    expect(exported.path.startsWith(h.dataDir)).toBe(true);
    expect((await h.api.clusters.kubectlCommand({ context: 'fake', namespace: 'm1' })).command).toBe(
      `kubectl --kubeconfig ${file} --context fake --namespace m1 get pods`,
    );

    stopWatch();
    stopOverview();
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();
    expect(h.clusters.pool.size).toBe(0);
    expect(h.clusters.registry.list()).toHaveLength(0);
  });

  it('reports a 403 on namespaces and offers profile and remembered namespaces instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-mod-ns-'));
    const file = writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'ns-test' });
    api.fail(
      403,
      'namespaces is forbidden: User "alice@example.com" cannot list resource "namespaces" in API group "" at the cluster scope',
      /^\/api\/v1\/namespaces$/,
    );
    const h = await host({ KUBECONFIG: file, HOME: dir });
    await h.api.clusters.rememberNamespace({ context: 'ns-test', namespace: 'team-x' });
    const choices = await h.api.clusters.namespaceChoices({ context: 'ns-test' });
    expect(choices.listProblem).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/cannot list resource "namespaces"/),
    });
    expect(choices.namespaces).toEqual([{ name: 'team-x', source: 'remembered' }]);
    await h.api.clusters.selectNamespace({ context: 'ns-test', namespace: 'team-x' });
    const overview = await new Promise<ClustersOverview>((resolve) => {
      const stop = h.api.clusters.overview({}, { next: (o) => (stop(), resolve(o)) });
    });
    expect(overview.clusters[0]!.namespace).toBe('team-x');
    api.clearFailures();
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();
  });
});

function writeFakeKubeconfigText(server: string, caFile: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'certificate-authority': caFile } }],
    users: [
      { name: 'fake', user: { token: 'good-token', extensions: [{ name: 'note', extension: 'changed' }] } },
    ],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'm1' } }],
    'current-context': 'fake',
  });
}

/** A real exec credential plugin that records each run (its first argument) and hands out the fake server's token. */
function recordingPlugin(dir: string): { command: string; record: string; runs: () => string[] } {
  const command = join(dir, 'record-login');
  const record = join(dir, 'runs.txt');
  writeFileSync(
    command,
    `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(record)}, process.argv[2] + '\\n');\n` +
      `console.log(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'good-token'}}));\n`,
  );
  chmodSync(command, 0o755);
  return {
    command,
    record,
    runs: () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').filter(Boolean) : []),
  };
}

/** A kubeconfig whose contexts share the fake server: `tok` (a token) and one exec user per name. */
function execKubeconfig(server: string, caFile: string, command: string, names: readonly string[]): string {
  const user = (n: string) => ({
    name: n,
    user: {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command, args: [n], interactiveMode: 'Never' },
    },
  });
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: 'tok', user: { token: 'good-token' } }, ...names.map(user)],
    contexts: [
      { name: 'tok', context: { cluster: 'fake', user: 'tok' } },
      ...names.map((n) => ({ name: `exec-${n}`, context: { cluster: 'fake', user: n } })),
    ],
    'current-context': 'tok',
  });
}

describe('exec credential plugins run only for clusters the user opens', () => {
  it('an imported kubeconfig: nothing runs at start; opening asks first (showing the command); the approval is remembered per file + command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-exec-'));
    const plugin = recordingPlugin(dir);
    const dataDir = mkdtempSync(join(tmpdir(), 'pipe-exec-data-'));
    let h = await host({ HOME: dir }, dataDir);
    await h.api.clusters.importKubeconfig({
      name: 'team',
      text: execKubeconfig(api.url, tls.caFile, plugin.command, ['a', 'b']),
    });
    let overview: ClustersOverview | undefined;
    let stopOverview = h.api.clusters.overview({}, { next: (o) => (overview = o) });
    const entry = (c: string) => overview?.clusters.find((e) => e.context === c);
    // The token context in the same file was checked: the registry has probed what it probes at start.
    await waitUntil(() => entry('tok')?.status.phase === 'ready', 'the token context checked');
    expect(entry('exec-a')).toMatchObject({
      authKind: 'exec',
      status: { phase: 'idle' },
      exec: { command: plugin.command, args: ['a'] },
    });
    expect(entry('exec-b')?.status.phase).toBe('idle');
    expect(plugin.runs()).toEqual([]);

    // Opening exec-a: it waits for approval and still runs nothing, even for a direct request.
    const stopWatch = h.api.clusters.watch(
      { context: 'exec-a', resource: 'pods', namespace: 'default' },
      { next: () => undefined },
    );
    await waitUntil(() => entry('exec-a')?.status.phase === 'needs-approval', 'needs approval');
    await expect(
      h.api.clusters.get({ context: 'exec-a', resource: 'pods', namespace: 'default', name: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid-config' });
    expect(plugin.runs()).toEqual([]);

    await h.api.clusters.approveExec({ context: 'exec-a' });
    await waitUntil(() => entry('exec-a')?.status.phase === 'ready', 'exec-a connected after approval');
    expect(new Set(plugin.runs())).toEqual(new Set(['a']));
    expect(entry('exec-b')?.status.phase).toBe('idle');
    stopWatch();
    stopOverview();
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();

    // Next launch: exec-a is remembered (opening connects at once); exec-b still asks.
    h = await host({ HOME: dir }, dataDir);
    overview = undefined;
    stopOverview = h.api.clusters.overview({}, { next: (o) => (overview = o) });
    await waitUntil(() => entry('tok')?.status.phase === 'ready', 'the token context checked again');
    expect(entry('exec-a')?.status.phase).toBe('idle');
    await h.api.clusters.retryNow({ context: 'exec-a' });
    await waitUntil(() => entry('exec-a')?.status.phase === 'ready', 'remembered approval');
    await h.api.clusters.retryNow({ context: 'exec-b' });
    await waitUntil(() => entry('exec-b')?.status.phase === 'needs-approval', 'exec-b asks');
    expect(plugin.runs()).not.toContain('b');
    stopOverview();
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();
  });

  it("the user's own kubeconfig (KUBECONFIG): no approval, but the plugin runs only once the cluster is opened", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-exec-env-'));
    const plugin = recordingPlugin(dir);
    const file = join(dir, 'config');
    writeFileSync(file, execKubeconfig(api.url, tls.caFile, plugin.command, ['c', 'd']));
    const h = await host({ HOME: dir, KUBECONFIG: file });
    let overview: ClustersOverview | undefined;
    const stopOverview = h.api.clusters.overview({}, { next: (o) => (overview = o) });
    const entry = (c: string) => overview?.clusters.find((e) => e.context === c);
    await waitUntil(() => entry('tok')?.status.phase === 'ready', 'the token context checked');
    expect(entry('exec-c')?.status.phase).toBe('idle');
    expect(plugin.runs()).toEqual([]);
    await h.api.clusters.selectContext({ context: 'exec-c' });
    const stopWatch = h.api.clusters.watch(
      { context: 'exec-c', resource: 'pods', namespace: 'default' },
      { next: () => undefined },
    );
    await waitUntil(() => entry('exec-c')?.status.phase === 'ready', 'exec-c connected when opened');
    expect(new Set(plugin.runs())).toEqual(new Set(['c']));
    stopWatch();
    stopOverview();
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();
  });
});

describe('exportKubeconfig', () => {
  it('takes no path from the renderer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-mod-exp-'));
    const file = writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'exp' });
    const h = await host({ KUBECONFIG: file, HOME: dir });
    const target = join(dir, 'anywhere.yaml');
    await expect(
      h.api.clusters.exportKubeconfig({ context: 'exp', path: target } as never),
    ).rejects.toMatchObject({ code: 'bad-request' });
    expect(existsSync(target)).toBe(false);
    const { path } = await h.api.clusters.exportKubeconfig({ context: 'exp' });
    expect(path.startsWith(join(h.dataDir, 'exports'))).toBe(true);
    await expect(h.api.clusters.exportKubeconfig({ context: 'exp' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await h.api.clusters.exportKubeconfig({ context: 'exp', overwrite: true })).path).toBe(path);
    h.client.dispose();
    h.conn.dispose();
    await h.services.dispose();
  });
});
