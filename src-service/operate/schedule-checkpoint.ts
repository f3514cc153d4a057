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

const NEXT_KEY = 'pipe.linecorp.com/schedules-next';
/** Upcoming fires kept on the Lease (soonest first). */
const MAX_NEXT = 20;

/** One upcoming fire, as the desktop's pipe-events panel reads it. */
export interface UpcomingFire {
  readonly repository: string;
  readonly pipeline: string;
  readonly cron: string;
  readonly timezone?: string;
  readonly at: number;
}

/**
 * Publishes the next fires on the same Lease (annotation `pipe.linecorp.com/schedules-next`, JSON, at most 20, soonest
 * first) so people can see what runs next without the metrics endpoint; written only when it changed.
 */
export function leaseNextFires(
  client: KubeClient,
  namespace: string,
  name: string,
  onError: (err: unknown) => void,
): (next: readonly UpcomingFire[]) => void {
  const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  let last = '';
  let writing: Promise<void> = Promise.resolve();
  return (next) => {
    const value = JSON.stringify(
      [...next]
        .sort((a, b) => a.at - b.at)
        .slice(0, MAX_NEXT)
        .map((f) => ({ repository: f.repository, pipeline: f.pipeline, cron: f.cron, ...(f.timezone ? { timezone: f.timezone } : {}), at: new Date(f.at).toISOString() })),
    );
    if (value === last) return;
    last = value;
    const annotations = { [NEXT_KEY]: value };
    // Writes one after another, so an older list never lands after a newer one.
    writing = writing.then(async () => {
      try {
        await client.request('PATCH', `${path}/${name}`, { body: { metadata: { annotations } }, contentType: 'application/merge-patch+json' });
      } catch (err) {
        if (!isKubeError(err, 'NotFound')) {
          last = '';
          return onError(err);
        }
        await client
          .request('POST', path, { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, annotations }, spec: {} } })
          .catch((e: unknown) => {
            last = '';
            onError(e);
          });
      }
    });
  };
}
