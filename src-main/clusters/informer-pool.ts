// One shared informer per (cluster, resource, namespace), reference-counted; disposed when its last subscriber leaves.
import type { ResourceKind } from '../../src-shared/contract/clusters';
import type { ClusterConnection } from './cluster-connection';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { ResourceInformer, type InformerOptions } from './resource-informer';

/** What the pool needs to reach a cluster. */
export interface ClusterHandle {
  readonly client: KubeClient;
  readonly connection: ClusterConnection;
}

interface Entry {
  readonly informer: ResourceInformer;
  readonly context: string;
  refs: number;
  linger: ReturnType<typeof setTimeout> | undefined;
}

/** Pool options. */
export interface InformerPoolOptions extends InformerOptions {
  /** Keeps an unused informer this long, so flipping between views does not relist (0 = dispose at once). */
  readonly lingerMs?: number;
}

/** Shares informers between every view (and every window) that shows the same list. */
export class InformerPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: InformerPoolOptions = {}) {}

  /** Gets (or starts) the informer and holds a reference until the returned release is called. */
  acquire(
    context: string,
    handle: ClusterHandle,
    resource: ResourceKind,
    namespace: string | undefined,
  ): { informer: ResourceInformer; release: () => void } {
    const key = keyOf(context, resource, namespace);
    let entry = this.entries.get(key);
    if (entry && entry.informer.client !== handle.client) {
      // The context was re-created (its kubeconfig changed): the old informer talks to the old client.
      void this.drop(key);
      entry = undefined;
    }
    if (!entry) {
      const informer = new ResourceInformer(handle.client, handle.connection, resource, namespace, this.options);
      entry = { informer, context, refs: 0, linger: undefined };
      this.entries.set(key, entry);
      informer.start();
    }
    if (entry.linger) clearTimeout(entry.linger);
    entry.linger = undefined;
    entry.refs++;
    const e = entry;
    let released = false;
    return {
      informer: e.informer,
      release: () => {
        if (released) return;
        released = true;
        e.refs--;
        if (e.refs > 0 || this.entries.get(key) !== e) return;
        const linger = this.options.lingerMs ?? 0;
        if (linger <= 0) void this.drop(key);
        else e.linger = setTimeout(() => void this.drop(key), linger);
      },
    };
  }

  /** Number of live informers (tests check sharing and disposal). */
  get size(): number {
    return this.entries.size;
  }

  /** The live informer for a key, if any (tests and the bench read its stats). */
  peek(context: string, resource: ResourceKind, namespace: string | undefined): ResourceInformer | undefined {
    return this.entries.get(keyOf(context, resource, namespace))?.informer;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((k) => this.drop(k)));
  }

  private async drop(key: string): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    if (e.linger) clearTimeout(e.linger);
    await e.informer.dispose();
  }
}

function keyOf(context: string, resource: ResourceKind, namespace: string | undefined): string {
  return `${context}\u0000${resource}\u0000${namespace ?? '*'}`;
}
