// The last minute the schedule leader checked, kept as an annotation on its own Lease so the next leader continues there.
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { KubeClient } from '../kube/kube-client';

const KEY = 'pipe.linecorp.com/schedules-checked-until';

/** A checkpoint in Lease `name` of `namespace` (created on first save; leases are in the service's RBAC). */
export function leaseCheckpoint(
  client: KubeClient,
  namespace: string,
  name: string,
): { load(): Promise<number | undefined>; save(checkedUntil: number): Promise<void> } {
  const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  return {
    load: async () => {
      try {
        const lease = await client.request<{ metadata: { annotations?: Record<string, string> } }>(
          'GET',
          `${path}/${name}`,
        );
        const at = Date.parse(lease.metadata.annotations?.[KEY] ?? '');
        return Number.isFinite(at) ? at : undefined;
      } catch (err) {
        if (isKubeError(err, 'NotFound')) return undefined;
        throw err;
      }
    },
    save: async (checkedUntil) => {
      const annotations = { [KEY]: new Date(checkedUntil).toISOString() };
      try {
        await client.request('PATCH', `${path}/${name}`, {
          body: { metadata: { annotations } },
          contentType: 'application/merge-patch+json',
        });
      } catch (err) {
        if (!isKubeError(err, 'NotFound')) throw err;
        await client.request('POST', path, {
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, annotations },
            spec: {},
          },
        });
      }
    },
  };
}
