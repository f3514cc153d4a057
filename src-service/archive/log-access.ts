// Who may read an archived log: the caller's own bearer token, checked by the run's cluster (TokenReview), and that
// user's right to `get pods/log` in the run's namespace there (SubjectAccessReview) — the same right `kubectl logs` needs.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { KubeClient } from '../kube/kube-client';

/** The outcome of an access check. */
export type AccessVerdict = { readonly allowed: true; readonly user: string } | { readonly allowed: false; readonly status: 401 | 403; readonly reason: string };

interface TokenReview {
  status?: { authenticated?: boolean; error?: string; user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } };
}
interface SubjectAccessReview {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** Verdicts are cached briefly (keyed by a hash of the token, never the token): a log opened twice costs no reviews. */
const CACHE_MS = 30_000;

/** Checks callers against a cluster's authentication and RBAC. */
export class LogAccess {
  private readonly cache = new LRUCache<string, AccessVerdict>({ max: 2_000, ttl: CACHE_MS });

  constructor(private readonly clientFor: (cluster: string) => KubeClient) {}

  /** May the bearer of `token` read pod logs in `namespace` on `cluster`? */
  async check(cluster: string, namespace: string, token: string, signal?: AbortSignal): Promise<AccessVerdict> {
    const key = `${cluster}\n${namespace}\n${createHash('sha256').update(token).digest('hex')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const verdict = await this.review(cluster, namespace, token, signal);
    this.cache.set(key, verdict);
    return verdict;
  }

  private async review(cluster: string, namespace: string, token: string, signal?: AbortSignal): Promise<AccessVerdict> {
    const client = this.clientFor(cluster);
    const opts = signal ? { signal } : {};
    const tr = await client.request<TokenReview>('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      ...opts,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    });
    const user = tr.status?.user;
    if (!tr.status?.authenticated || !user?.username) return { allowed: false, status: 401, reason: 'the token was not accepted by the cluster' };
    const sar = await client.request<SubjectAccessReview>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      ...opts,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: user.username,
          ...(user.uid ? { uid: user.uid } : {}),
          groups: user.groups ?? [],
          ...(user.extra ? { extra: user.extra } : {}),
          resourceAttributes: { namespace, verb: 'get', resource: 'pods', subresource: 'log' },
        },
      },
    });
    return sar.status?.allowed
      ? { allowed: true, user: user.username }
      : { allowed: false, status: 403, reason: `${user.username} may not read pod logs in namespace ${namespace}` };
  }
}
