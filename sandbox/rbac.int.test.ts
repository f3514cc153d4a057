import { CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kubeConfigForToken, dexPasswordGrant, readSandboxInfo } from './index.js';
import { kubeRequest } from './kube.js';

const info = readSandboxInfo();

describe('namespace-as-a-service RBAC on runtime', () => {
  it('lets the user work in the team namespace', async () => {
    const kc = kubeConfigForToken(info.runtime, (await dexPasswordGrant(info)).idToken);
    const core = kc.makeApiClient(CoreV1Api);
    await expect(core.listNamespacedPod({ namespace: info.teamNamespace })).resolves.toBeDefined();
    const name = `rbac-probe-${Date.now()}`;
    await core.createNamespacedConfigMap({ namespace: info.teamNamespace, body: { metadata: { name }, data: { a: '1' } } });
    await core.deleteNamespacedConfigMap({ name, namespace: info.teamNamespace });
  });

  it('answers a real 403 with the RBAC message in the forbidden namespace', async () => {
    const kc = kubeConfigForToken(info.runtime, (await dexPasswordGrant(info)).idToken);
    const res = await kubeRequest(kc, 'GET', `/api/v1/namespaces/${info.forbiddenNamespace}/pods`);
    expect(res.status).toBe(403);
    const status = JSON.parse(res.body) as { reason: string; message: string };
    expect(status.reason).toBe('Forbidden');
    expect(status.message).toBe(
      `pods is forbidden: User "${info.dex.user.email}" cannot list resource "pods" in API group "" in the namespace "${info.forbiddenNamespace}"`,
    );
  });
});
