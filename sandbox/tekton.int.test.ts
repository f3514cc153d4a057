import { CoreV1Api, CustomObjectsApi, Watch } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EVENT_ANNOTATION, loadKubeConfig, readSandboxInfo, seedSandbox } from './index.js';
import { kubeJson } from './kube.js';
import { writeStatus } from './seed.js';
import { waitUntil } from '../src-node/testing/wait-until';

const info = readSandboxInfo();
const group = { group: 'tekton.dev', version: 'v1' };

describe('Tekton on the runtime cluster', () => {
  it('creates, lists, watches and updates the status of PipelineRuns (as the Dex user)', async () => {
    const kc = loadKubeConfig(info.runtime.userKubeconfig);
    const api = kc.makeApiClient(CustomObjectsApi);
    const ns = info.teamNamespace;
    const suffix = Date.now().toString(36);
    await api.createNamespacedCustomObject({
      ...group,
      namespace: ns,
      plural: 'pipelines',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'Pipeline',
        metadata: { name: `p-${suffix}`, annotations: { [EVENT_ANNOTATION]: 'push:\n  branches: [main]\n' } },
        spec: {
          tasks: [
            { name: 'hello', taskSpec: { steps: [{ name: 's', image: 'alpine', command: ['echo', 'hi'] }] } },
          ],
        },
      },
    });
    const events: string[] = [];
    const abort = await new Watch(kc).watch(
      `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`,
      { labelSelector: `run=${suffix}` },
      (type, obj: { status?: { conditions?: { reason?: string }[] } }) =>
        events.push(`${type}:${obj.status?.conditions?.[0]?.reason ?? '-'}`),
      (err: unknown) => events.push(`DONE:${String(err)}`),
    );
    try {
      const name = `pr-${suffix}`;
      await api.createNamespacedCustomObject({
        ...group,
        namespace: ns,
        plural: 'pipelineruns',
        body: {
          apiVersion: 'tekton.dev/v1',
          kind: 'PipelineRun',
          metadata: { name, labels: { run: suffix } },
          spec: { pipelineRef: { name: `p-${suffix}` } },
        },
      });
      const list = (await api.listNamespacedCustomObject({
        ...group,
        namespace: ns,
        plural: 'pipelineruns',
        labelSelector: `run=${suffix}`,
      })) as { items: { metadata: { name: string } }[] };
      expect(list.items.map((i) => i.metadata.name)).toEqual([name]);
      await waitUntil(
        async () => (events.includes('ADDED:-') ? true : undefined),
        () => `ADDED event (got ${events.join(', ')})`,
      );

      // The user may not write status (only the controller does); the admin plays the controller here.
      const admin = loadKubeConfig(info.runtime.adminKubeconfig);
      const updated = await writeStatus(admin, `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`, name, {
        conditions: [
          {
            type: 'Succeeded',
            status: 'True',
            reason: 'Succeeded',
            message: 'done',
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        ],
      });
      expect(
        (updated as { status?: { conditions?: { reason: string }[] } }).status?.conditions?.[0]?.reason,
      ).toBe('Succeeded');
      await waitUntil(
        async () => (events.includes('MODIFIED:Succeeded') ? true : undefined),
        () => `watch events (got ${events.join(', ')})`,
      );
    } finally {
      abort.abort();
    }
  });

  it('seeds sample data; kwok completes TaskRun pods (Succeeded, or Failed when marked)', async () => {
    await seedSandbox(info);
    const admin = loadKubeConfig(info.runtime.adminKubeconfig);
    const ns = info.teamNamespace;
    const pipelines = await kubeJson<{
      items: { metadata: { name: string; annotations?: Record<string, string> } }[];
    }>(admin, 'GET', `/apis/tekton.dev/v1/namespaces/${ns}/pipelines`);
    const byName = new Map(
      pipelines.items.map((p) => [p.metadata.name, p.metadata.annotations?.[EVENT_ANNOTATION]]),
    );
    expect(byName.get('cd')).toContain("tags: ['v*']");
    const runs = await kubeJson<{
      items: { metadata: { name: string }; status?: { conditions?: { reason: string }[] } }[];
    }>(admin, 'GET', `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`);
    const reasons = new Set(runs.items.map((r) => r.status?.conditions?.[0]?.reason));
    expect([...reasons]).toEqual(expect.arrayContaining(['Succeeded', 'Failed', 'Running', 'Cancelled']));
    const core = admin.makeApiClient(CoreV1Api);
    const phase = async (name: string): Promise<string | undefined> =>
      (await core.readNamespacedPod({ name, namespace: ns })).status?.phase;
    await waitUntil(
      async () => ((await phase('ci-feature-login-1-unit-test-pod')) === 'Succeeded' ? true : undefined),
      'succeeded pod',
    );
    await waitUntil(
      async () => ((await phase('ci-feature-login-2-unit-test-pod')) === 'Failed' ? true : undefined),
      'failed pod',
    );
    await waitUntil(
      async () => ((await phase('build-main-1-build-image-pod')) === 'Running' ? true : undefined),
      'running pod',
    );
  });
});
