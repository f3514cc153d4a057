// The shipped least-privilege RBAC (deploy/rbac-core.yaml, deploy/rbac-runtime.yaml) is enough: the service runs end to end
// with service-account tokens bound only to those roles.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { EventStore } from './events-store/event-store';
import { KubeClient } from './kube/kube-client';
import { isKubeError } from '../src-node/kube/kube-errors';
import { silentLogger } from './log/logger';
import { branchPush, postDelivery, signedDelivery } from './testing/deliveries';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

const sandbox = sandboxFromEnv();
const deployDir = fileURLToPath(new URL('./deploy/', import.meta.url));
type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};

/** The manifest's objects with pipe-system renamed to `ns` (and cluster-scoped names suffixed, so runs never collide). */
function manifest(file: string, ns: string, suffix: string): Obj[] {
  const text = readFileSync(join(deployDir, file), 'utf8')
    .replaceAll('pipe-system', ns)
    .replaceAll('name: pipe-events-runtime', `name: pipe-events-runtime-${suffix}`);
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((o) => o.kind !== 'Secret');
}

const PLURAL: Record<string, string> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
};

async function apply(client: KubeClient, objs: Obj[]): Promise<void> {
  for (const o of objs) {
    const base = o.apiVersion === 'v1' ? '/api/v1' : `/apis/${o.apiVersion}`;
    const path =
      o.metadata.namespace && o.kind !== 'Namespace'
        ? `${base}/namespaces/${o.metadata.namespace}/${PLURAL[o.kind]}`
        : `${base}/${PLURAL[o.kind]}`;
    await client.request('POST', path, { body: o }).catch((err: unknown) => {
      if (!isKubeError(err, 'AlreadyExists')) throw err;
    });
  }
}

/** A kubeconfig for the service account `pipe-events` in `ns`, with a TokenRequest token. */
async function tokenKubeconfig(
  admin: string,
  client: KubeClient,
  ns: string,
  dir: string,
  name: string,
): Promise<string> {
  const res = await client.request<{ status: { token: string } }>(
    'POST',
    `/api/v1/namespaces/${ns}/serviceaccounts/pipe-events/token`,
    {
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    },
  );
  const kc = parse(readFileSync(admin, 'utf8')) as { clusters: { name: string; cluster: unknown }[] };
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [kc.clusters[0]],
      users: [{ name: 'pipe-events', user: { token: res.status.token } }],
      contexts: [{ name: 'sa', context: { cluster: kc.clusters[0]!.name, user: 'pipe-events' } }],
      'current-context': 'sa',
    }),
  );
  return file;
}

describe('least-privilege RBAC from deploy/', () => {
  let h: Harness;
  beforeAll(async () => {
    const suffix = randomBytes(3).toString('hex');
    const eventNs = `pipe-events-rbac-${suffix}`;
    const runtimeNs = `ci-rbac-${suffix}`;
    const dir = mkdtempSync(join(tmpdir(), 'pipe-events-rbac-'));
    const core = KubeClient.fromAccess(
      { kubeconfig: sandbox.core.adminKubeconfig, inCluster: false },
      'core',
    );
    const runtime = KubeClient.fromAccess(
      { kubeconfig: sandbox.runtime.adminKubeconfig, inCluster: false },
      'runtime',
    );
    // The admin installs the CRD (deploy/crd-githubevents.yaml); the service itself has no CRD rights.
    await new EventStore(core, eventNs, silentLogger).ensureInstalled(true);
    await apply(core, manifest('rbac-core.yaml', eventNs, suffix));
    await apply(runtime, [
      ...manifest('rbac-runtime.yaml', eventNs, suffix),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: runtimeNs } },
    ]);
    const coreKc = await tokenKubeconfig(sandbox.core.adminKubeconfig, core, eventNs, dir, 'core');
    const runtimeKc = await tokenKubeconfig(
      sandbox.runtime.adminKubeconfig,
      runtime,
      eventNs,
      dir,
      'runtime',
    );
    core.dispose();
    runtime.dispose();
    h = await startHarness({
      sandbox,
      namespaces: { event: eventNs, runtime: runtimeNs },
      env: {
        PIPE_EVENTS_CORE_KUBECONFIG: coreKc,
        PIPE_EVENTS_RUNTIME_KUBECONFIG: runtimeKc,
        PIPE_EVENTS_INSTALL_CRD: 'false',
      },
    });
  });
  afterAll(() => h?.stop());

  it('receives, creates the run and follows it to the end with only these rights', async () => {
    const repo = h.gh.repo(h.repository);
    const before = repo.commit({ 'README.md': 'a' });
    const after = repo.commit({
      'README.md': 'b',
      '.pipe/build.yaml': buildPipelineYaml({
        annotations: { 'pipe.linecorp.com/cancel-in-progress': 'true' },
      }),
    });
    expect(
      (
        await postDelivery(
          h.webhookUrl,
          signedDelivery(h.secret, 'push', branchPush({ repository: h.repository, before, after })),
        )
      ).status,
    ).toBe(202);
    const [run] = await waitUntil(
      async () => ((await h.runs()).length ? h.runs() : undefined),
      'run',
      20_000,
    );
    await waitUntil(
      () => h.gh.records.statuses.some((s) => s.sha === after && s.state === 'pending'),
      'pending status',
    );
    const now = new Date().toISOString();
    await h.runtime.request(
      'PATCH',
      `/apis/tekton.dev/v1/namespaces/${h.runtimeNamespace}/pipelineruns/${run!.metadata.name}/status`,
      {
        body: {
          status: {
            conditions: [{ type: 'Succeeded', status: 'True', reason: 'Succeeded', lastTransitionTime: now }],
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    await waitUntil(
      () => h.gh.records.statuses.some((s) => s.sha === after && s.state === 'success'),
      'success status',
    );
    // The final state was persisted on the run with the service's own (patch) rights.
    await waitUntil(
      async () =>
        (await h.runs())[0]?.metadata.annotations?.['pipe.linecorp.com/reported-state'] === 'success',
      'reported-state annotation',
    );
    expect(h.service.isLeader()).toBe(true);
  });
});
