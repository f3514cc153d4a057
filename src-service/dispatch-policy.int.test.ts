// deploy/dispatch-policy.yaml against the sandbox's real apiserver (issue 14): a person may create a workflow_dispatch
// GitHubEvent only as themselves; a forged requester or any other event kind is refused by the apiserver.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isKubeError } from '../src-node/kube/kube-errors';
import { EventStore } from './events-store/event-store';
import { KubeClient } from './kube/kube-client';
import { silentLogger } from './log/logger';
import { sandboxFromEnv } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

const ns = `dispatch-${randomBytes(3).toString('hex')}`;
const SA = 'system:serviceaccount:pipe-system:pipe-events';
let core: KubeClient;
const docs = parseAllDocuments(readFileSync(join(__dirname, 'deploy', 'dispatch-policy.yaml'), 'utf8')).map(
  (d) => d.toJSON() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> },
);
const suffix = randomBytes(3).toString('hex');

function event(eventName: string, requester?: string) {
  return {
    apiVersion: 'pipe.linecorp.com/v1alpha1',
    kind: 'GitHubEvent',
    metadata: { generateName: 'dispatch-' },
    spec: {
      deliveryId: `manual-${randomBytes(4).toString('hex')}`,
      eventName,
      repository: 'acme/app',
      receivedAt: new Date().toISOString(),
      ...(requester ? { requester } : {}),
      event: { name: eventName },
    },
  };
}

/** Creates as `user` (impersonated by the sandbox admin); resolves with the HTTP outcome. */
async function createAs(user: string, body: unknown, groups: string[] = []): Promise<'created' | string> {
  try {
    await core.api.request(`/apis/pipe.linecorp.com/v1alpha1/namespaces/${ns}/githubevents`, {
      method: 'POST',
      body,
      headers: { 'Impersonate-User': user, ...(groups[0] ? { 'Impersonate-Group': groups[0] } : {}) },
    });
    return 'created';
  } catch (err) {
    return isKubeError(err, 'Forbidden', 'Invalid') ? (err as Error).message : String(err);
  }
}

beforeAll(async () => {
  core = KubeClient.fromAccess(
    { kubeconfig: sandboxFromEnv().core.adminKubeconfig, inCluster: false },
    'core',
  );
  await new EventStore(core, ns, silentLogger).ensureInstalled(true);
  await core.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    body: {
      metadata: { name: 'dispatch' },
      rules: [{ apiGroups: ['pipe.linecorp.com'], resources: ['githubevents'], verbs: ['create'] }],
    },
  });
  await core.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    body: {
      metadata: { name: 'dispatch' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dispatch' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: SA },
      ],
    },
  });
  // The shipped policy as is; only the binding points at this test's namespace instead of pipe-system.
  const [policy, binding] = docs as [(typeof docs)[0], (typeof docs)[0]];
  await core.request('POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', {
    body: { ...policy, metadata: { ...policy.metadata, name: `${policy.metadata.name}-${suffix}` } },
  });
  await core.request('POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', {
    body: {
      ...binding,
      metadata: { ...binding.metadata, name: `${binding.metadata.name}-${suffix}` },
      spec: {
        ...binding.spec,
        policyName: `${policy.metadata.name}-${suffix}`,
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } },
      },
    },
  });
});

afterAll(async () => {
  const vap = '/apis/admissionregistration.k8s.io/v1';
  await core
    ?.request('DELETE', `${vap}/validatingadmissionpolicybindings/pipe-events-dispatch-requester-${suffix}`)
    .catch(() => undefined);
  await core
    ?.request('DELETE', `${vap}/validatingadmissionpolicies/pipe-events-dispatch-requester-${suffix}`)
    .catch(() => undefined);
  await core?.request('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
  core?.dispose();
});

describe('dispatch admission policy (shipped in deploy/)', () => {
  it('refuses a forged requester and other event kinds from people; allows dispatch as oneself and pipe-events', async () => {
    // The apiserver takes a moment to load a new policy: wait until the forged request is refused.
    const forged = await waitUntil(async () => {
      const r = await createAs('alice', event('workflow_dispatch', 'bob'));
      return r === 'created' ? undefined : r;
    }, 'the policy to be enforced');
    expect(forged).toMatch(/spec\.requester must be your own user name \(alice\)/);
    expect(await createAs('alice', event('workflow_dispatch'))).toMatch(/requester/);
    expect(await createAs('alice', event('push', 'alice'))).toMatch(/only workflow_dispatch/);
    expect(await createAs('alice', event('workflow_dispatch', 'alice'))).toBe('created');
    expect(await createAs(SA, event('push'), ['system:serviceaccounts'])).toBe('created');
  });
});
