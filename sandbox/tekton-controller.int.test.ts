import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig, startSandbox, type Sandbox } from './index.js';

// Tekton's real controller gets a sandbox of its own: in the shared one it would also reconcile the
// runs whose status other tests write themselves.
describe('Tekton controller on kwok', () => {
  let info: Sandbox;
  beforeAll(async () => {
    info = await startSandbox({ tektonController: true, seed: false });
  }, 240_000);
  afterAll(async () => {
    await info?.stop();
  });

  it('runs a PipelineRun created by the user to completion without anyone writing status', async () => {
    const kc = loadKubeConfig(info.runtime.userKubeconfig);
    const api = kc.makeApiClient(CustomObjectsApi);
    const name = `real-${Date.now().toString(36)}`;
    const step = (word: string): Record<string, unknown> => ({ name: 'say', image: 'alpine', command: ['echo'], args: [word] });
    await api.createNamespacedCustomObject({
      group: 'tekton.dev',
      version: 'v1',
      namespace: info.teamNamespace,
      plural: 'pipelineruns',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name },
        spec: {
          pipelineSpec: {
            tasks: [
              { name: 'hello', taskSpec: { steps: [step('hi')] } },
              { name: 'bye', runAfter: ['hello'], taskSpec: { steps: [step('bye')] } },
            ],
          },
        },
      },
    });
    let reason: string | undefined;
    for (let i = 0; i < 200 && reason !== 'Succeeded'; i++) {
      const pr = (await api.getNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', namespace: info.teamNamespace, plural: 'pipelineruns', name })) as {
        status?: { conditions?: { reason?: string }[] };
      };
      reason = pr.status?.conditions?.[0]?.reason;
      if (reason === 'Failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(reason).toBe('Succeeded');
  });
});
