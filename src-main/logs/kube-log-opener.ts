// Adapts the Node kube layer's streaming GET to the log follower: the response is an async iterable of Buffers,
// so the follower reads at its own pace and the socket waits meanwhile.
import type { LogStreamOpener } from '../../src-node/kube/pod-log-follower';
import type { KubeClient } from '../../src-node/kube/kube-client';

/** A streaming opener over a KubeClient's authenticated connection (errors are KubeErrors with `status`). */
export function kubeLogOpener(client: KubeClient): LogStreamOpener {
  return { open: (path, query, signal) => client.openStream(path, { query, signal }) };
}
