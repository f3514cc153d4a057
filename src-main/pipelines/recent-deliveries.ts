// The newest deliveries pipe-events recorded (GitHubEvent objects of the core cluster), for the trigger
// simulator's "pick a recent real delivery". Read with the user's own credentials; shapes are checked loosely
// here and strictly where they are used (src-shared/pipelines/real-delivery.ts).
import type { RecentDelivery } from '../../src-shared/contract/pipelines';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 500) : undefined);

/** Largest list read (GitHubEvent objects carry the whole normalized event). */
const MAX_LISTED = 500;

/** The newest `limit` deliveries of `namespace`, newest first. */
export async function recentDeliveries(
  client: Pick<KubeClient, 'request'>,
  req: { readonly namespace: string; readonly limit: number; readonly signal?: AbortSignal },
): Promise<{ deliveries: RecentDelivery[] }> {
  try {
    const list = await client.request<{ items?: unknown[] }>(`/apis/pipe.linecorp.com/v1alpha1/namespaces/${req.namespace}/githubevents`, {
      query: { limit: MAX_LISTED },
      what: 'GitHubEvent objects',
      ...(req.signal ? { signal: req.signal } : {}),
    });
    const deliveries = (Array.isArray(list.items) ? list.items : []).map((o): RecentDelivery & { at: number } => {
      const meta = rec(rec(o)['metadata']);
      const spec = rec(rec(o)['spec']);
      const receivedAt = str(spec['receivedAt']);
      const opt = (k: string, v: string | undefined): Obj => (v ? { [k]: v } : {});
      return {
        name: str(meta['name']) ?? '',
        deliveryId: str(spec['deliveryId']) ?? '',
        eventName: str(spec['eventName']) ?? '',
        repository: str(spec['repository']) ?? '',
        ...opt('action', str(spec['action'])),
        ...opt('ref', str(spec['ref'])),
        ...opt('receivedAt', receivedAt),
        event: spec['event'],
        at: Date.parse(receivedAt ?? '') || 0,
      };
    });
    deliveries.sort((a, b) => b.at - a.at || a.name.localeCompare(b.name));
    return { deliveries: deliveries.slice(0, req.limit).map(({ at: _at, ...d }) => d) };
  } catch (err) {
    throw isKubeError(err) ? err.toRpcError() : err;
  }
}
