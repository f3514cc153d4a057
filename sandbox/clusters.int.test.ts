import { CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { platformProfileSchema } from '../src-shared/clusters/platform-profile.js';
import { loadKubeConfig, readSandboxInfo } from './index.js';

const info = readSandboxInfo();

describe('sandbox clusters', () => {
  it.each(['core', 'runtime'] as const)('lists namespaces as admin on %s', async (which) => {
    const kc = loadKubeConfig(info[which].adminKubeconfig);
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    const names = list.items.map((n) => n.metadata?.name);
    expect(names).toContain('default');
    if (which === 'runtime') expect(names).toEqual(expect.arrayContaining([info.teamNamespace, info.forbiddenNamespace]));
    else expect(names).toContain('pipe-system');
  });

  it('publishes the platform profile on core, readable by the Dex user', async () => {
    const kc = loadKubeConfig(info.core.userKubeconfig);
    const cm = await kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: 'pipe-profile', namespace: 'pipe-system' });
    const profile = platformProfileSchema.parse(JSON.parse(cm.data?.['profile.json'] ?? '{}'));
    expect(profile.core.server).toBe(info.core.server);
    expect(profile.runtimes[0]).toMatchObject({ server: info.runtime.server, region: 'local-1' });
    expect(profile.dex).toMatchObject({ issuer: info.dex.issuer, clientId: info.dex.clientId });
    // Dex's CA travels with the profile, so sign-in trusts the sandbox's https Dex.
    expect(Buffer.from(profile.dex?.caData ?? '', 'base64').toString('utf8')).toContain('BEGIN CERTIFICATE');
  });
});
