// After a sign-in, PIPE clusters that failed for want of credentials check again at once, so their watches resume.
import type { AuthStatus } from '../../src-shared/contract/auth';
import type { ClusterRegistry } from '../clusters/cluster-registry';

/**
 * Each cluster's retry loop may be waiting up to its longest backoff (30 s) after the session ended. Whenever the
 * session is (again) signed in — a new sign-in, or a renewal — app-managed contexts in `auth-failed` retry now.
 * Returns the unsubscribe.
 */
export function retryClustersAfterSignIn(
  auth: { onDidChange(listener: (s: AuthStatus) => void): () => void },
  registry: Pick<ClusterRegistry, 'get'>,
): () => void {
  return auth.onDidChange((status) => {
    if (status.state !== 'signed-in') return;
    for (const context of status.contexts) {
      const connection = registry.get(context)?.connection;
      if (connection?.status.phase === 'auth-failed') void connection.retryNow();
    }
  });
}
