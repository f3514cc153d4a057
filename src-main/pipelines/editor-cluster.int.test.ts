// The editor's cluster features against the sandbox: live-schema validation from the cluster's own Tekton CRDs
// (and from its OpenAPI document for a user who may not read CRDs), "Run now", and recent real deliveries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { lintText } from '../../src-shared/tekton';
import type { ClusterSchema } from '../../src-shared/tekton/schema/cluster-schema';
import { manualPipelineRun, MANUAL_RUN_KEYS } from '../../src-shared/pipelines/manual-run';
import { readPipelineFile } from '../../src-shared/pipelines/pipeline-source';
import { buildSimulatedEvent } from '../../src-shared/pipelines/simulated-event';
import { deliveryColumn } from '../../src-shared/pipelines/real-delivery';
import { simulateTable } from '../../src-shared/pipelines/trigger-simulator';
import { eventCrdManifest, EVENT_CRD_NAME } from '../../src-service/events-store/event-crd';
import { createPipelinesHandlers } from './pipelines-handlers';
import type { PipelineWorkspaces } from './pipeline-workspaces';

let info: SandboxInfo;
const clients: Record<string, KubeClient> = {};

beforeAll(() => {
  info = readSandboxInfo();
  clients['runtime-admin'] = clientFor(info.runtime.adminKubeconfig);
  clients['runtime-user'] = clientFor(info.runtime.userKubeconfig);
  clients['core-admin'] = clientFor(info.core.adminKubeconfig);
  clients['core-user'] = clientFor(info.core.userKubeconfig);
});
afterAll(() => Object.values(clients).forEach((c) => c.dispose()));

const handlers = () => createPipelinesHandlers({} as PipelineWorkspaces, { registry: { handle: (context: string) => ({ client: clients[context]! }) as never } });
const clusterSchema = (context: string) => handlers().clusterSchema({ context }, {} as never) as Promise<ClusterSchema>;

/** Uses fields the sandbox's Tekton knows (displayName, onError) in a pipeline task and an embedded step. */
const PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: live-schema
spec:
  tasks:
    - name: build
      displayName: Build
      taskSpec:
        steps:
          - name: compile
            image: docker.io/library/alpine:3.20
            onError: continue
            script: echo hi
`;

const clusterErrors = (schema: ClusterSchema, text = PIPELINE) =>
  lintText(text, { clusterSchema: schema }).filter((d) => d.code.startsWith('cluster-schema')).map((d) => `${d.line} ${d.code}`);

type Crd = { metadata: { resourceVersion?: string }; spec: { versions: { name: string; schema: { openAPIV3Schema: { properties: Record<string, never> } } }[] } };

describe('live-schema validation against the sandbox`s Tekton CRDs', () => {
  it('reads the real CRDs (admin): nothing flagged on fields this Tekton knows', async () => {
    const schema = await clusterSchema('runtime-admin');
    expect(schema.source).toMatch(/CRDs of runtime-admin$/);
    expect(Object.keys(schema.kinds).sort()).toEqual(['v1.Pipeline', 'v1.PipelineRun', 'v1.Task', 'v1.TaskRun']);
    expect(clusterErrors(schema)).toEqual([]);
  });

  it('a user who may not read CRDs gets the same schema from the apiserver`s OpenAPI document', async () => {
    const schema = await clusterSchema('runtime-user');
    expect(schema.source).toBe('Tekton OpenAPI of runtime-user');
    expect(Object.keys(schema.kinds)).toContain('v1.Pipeline');
    expect(clusterErrors(schema)).toEqual([]);
  });

  it('a cluster whose CRD lacks a field (an older Tekton) flags it at its line, read back from the apiserver', async () => {
    const admin = clients['runtime-admin']!;
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/pipelines.tekton.dev';
    const original = await admin.request<Crd>(path);
    const older = structuredClone(original);
    for (const v of older.spec.versions) {
      const spec = v.schema.openAPIV3Schema.properties['spec'] as unknown as { properties: { tasks: { items: { properties: Record<string, unknown> } } } };
      delete spec.properties.tasks.items.properties['displayName'];
    }
    await admin.request(path, { method: 'PUT', body: older });
    try {
      const schema = await clusterSchema('runtime-admin');
      expect(clusterErrors(schema)).toEqual(['8 cluster-schema-unknown-field']);
      const d = lintText(PIPELINE, { clusterSchema: schema }).find((x) => x.code === 'cluster-schema-unknown-field')!;
      expect(d.message).toContain('`spec.tasks[0].displayName`');
      // Without the cluster's schema the same text is clean: the bundled schema (a newer Tekton) knows the field.
      expect(lintText(PIPELINE).filter((x) => x.severity === 'error')).toEqual([]);
    } finally {
      const now = await admin.request<Crd>(path);
      await admin.request(path, { method: 'PUT', body: { ...original, metadata: { ...original.metadata, resourceVersion: now.metadata.resourceVersion } } });
    }
    expect(clusterErrors(await clusterSchema('runtime-admin'))).toEqual([]);
  });
});

describe('Run now against the sandbox', () => {
  it('creates the PipelineRun with the embedded pipeline in the chosen namespace, marked as a manual run by the user', async () => {
    const source = readPipelineFile(PIPELINE.replace('spec:\n  tasks:', 'spec:\n  params:\n    - name: revision\n  tasks:')).pipelines[0]!;
    const run = manualPipelineRun(source, buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' }));
    if (!run.ok) throw new Error(run.message);
    const created = (await handlers().runNow({ context: 'runtime-user', namespace: info.teamNamespace, pipelineRun: run.yaml }, {} as never)) as { name: string; user: string; namespace: string };
    expect(created.name).toMatch(/^live-schema-manual-[a-z0-9]{5}$/);
    expect(created.user).toContain(info.dex.user.email);
    const stored = await clients['runtime-admin']!.request<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { pipelineSpec: { tasks: { name: string }[] } } }>(
      `/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelineruns/${created.name}`,
    );
    expect(stored.metadata.labels).toMatchObject({ [MANUAL_RUN_KEYS.managedBy]: 'pipe-desktop', [MANUAL_RUN_KEYS.trigger]: 'manual' });
    expect(stored.metadata.annotations[MANUAL_RUN_KEYS.sender]).toBe(created.user);
    expect(stored.spec.pipelineSpec.tasks.map((t) => t.name)).toEqual(['build']);
    await clients['runtime-admin']!.request(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelineruns/${created.name}`, { method: 'DELETE' });
  });

  it('a namespace the user may not write: the apiserver`s 403 text; a page-supplied sender is overwritten', async () => {
    const run = manualPipelineRun(readPipelineFile(PIPELINE).pipelines[0]!, buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' }));
    if (!run.ok) throw new Error(run.message);
    await expect(handlers().runNow({ context: 'runtime-user', namespace: info.forbiddenNamespace, pipelineRun: run.yaml }, {} as never)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('cannot create resource "pipelineruns"'),
    });
    await expect(handlers().runNow({ context: 'runtime-user', namespace: info.teamNamespace, pipelineRun: 'kind: Pod' }, {} as never)).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('recent real deliveries (GitHubEvent objects on core)', () => {
  it('lists them newest first for the signed-in user, and the simulator matches their stored events', async () => {
    const core = clients['core-admin']!;
    await core.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: eventCrdManifest() }).catch((err: { status?: number }) => {
      if (err.status !== 409) throw err;
    });
    const path = '/apis/pipe.linecorp.com/v1alpha1/namespaces/pipe-system/githubevents';
    for (let i = 0; !(await core.request(path).then(() => true, () => false)); i++) {
      if (i > 400) throw new Error(`${EVENT_CRD_NAME} not served`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const event = (name: string, branch: string, at: string) => ({
      apiVersion: 'pipe.linecorp.com/v1alpha1',
      kind: 'GitHubEvent',
      metadata: { name },
      spec: { deliveryId: `${name}-id`, eventName: 'push', repository: 'my-org/my-app', ref: `refs/heads/${branch}`, receivedAt: at, event: JSON.parse(JSON.stringify({ ...buildSimulatedEvent({ kind: 'push', refType: 'branch', name: branch }), deliveryId: `${name}-id` })) },
    });
    const suffix = Date.now().toString(36);
    const names = [`sha256-old-${suffix}`, `sha256-new-${suffix}`];
    await core.request(path, { method: 'POST', body: event(names[0]!, 'feature/x', '2026-01-01T00:00:00Z') });
    await core.request(path, { method: 'POST', body: event(names[1]!, 'main', '2099-01-01T00:00:00Z') });
    try {
      const { deliveries } = (await handlers().recentDeliveries({ context: 'core-user', limit: 50 }, {} as never)) as { deliveries: { name: string }[] };
      const ours = deliveries.filter((d) => names.includes(d.name));
      expect(ours.map((d) => d.name)).toEqual([names[1], names[0]]);
      const columns = ours.map((d) => deliveryColumn(d as never)!);
      const annotation = readPipelineFile(`apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\n  annotations:\n    pipe.linecorp.com/event: |\n      push:\n        branches: [main]\nspec:\n  tasks: []\n`).pipelines[0]!.annotation;
      expect(simulateTable([{ name: 'p', annotation }], { events: columns }).rows[0]!.cells.map((c) => c.outcome)).toEqual(['fires', 'skips']);
    } finally {
      for (const n of names) await core.request(`${path}/${n}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });
});
