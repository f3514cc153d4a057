// Binds unscheduled pods to the kwok node through pods/binding (the sandbox's stand-in for kube-scheduler).
import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Disposable } from './processes.js';

/** Watches pods without a node and binds each to nodeName; dispose to stop. */
export async function startPodBinder(kc: KubeConfig, nodeName: string, log?: (l: string) => void): Promise<Disposable> {
  const core = kc.makeApiClient(CoreV1Api);
  const watch = new Watch(kc);
  let stopped = false;
  let abort: AbortController | undefined;
  const bind = async (pod: V1Pod): Promise<void> => {
    const name = pod.metadata?.name;
    const namespace = pod.metadata?.namespace;
    if (!name || !namespace || pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return;
    try {
      await core.createNamespacedPodBinding({
        name,
        namespace,
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } },
      });
    } catch (e) {
      // 409: bound meanwhile (e.g. by a later event); anything else is worth a log line.
      if (!String(e).includes('409')) log?.(`binder: ${namespace}/${name}: ${String(e).slice(0, 200)}`);
    }
  };
  const run = async (): Promise<void> => {
    if (stopped) return;
    try {
      const list = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=' });
      for (const pod of list.items) void bind(pod);
      abort = await watch.watch(
        '/api/v1/pods',
        { fieldSelector: 'spec.nodeName=', resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
        (type, pod: V1Pod) => {
          if (type === 'ADDED' || type === 'MODIFIED') void bind(pod);
        },
        () => {
          if (!stopped) setTimeout(() => void run(), 200);
        },
      );
    } catch {
      // Apiserver restarting: try again shortly.
      if (!stopped) setTimeout(() => void run(), 500);
    }
  };
  await run();
  return {
    dispose: async () => {
      stopped = true;
      abort?.abort();
    },
  };
}
