// Watches this installation's PipelineRuns (managed-by=pipe-events + instance label) on every runtime cluster.
import { DisposableStore, type Disposable } from '../../src-shared/util/disposable';
import type { Informer, InformerEventType } from '../../src-node/kube/informer';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import { managedSelector } from './run-metadata';
import type { RuntimeClusters } from './runtime-clusters';

/** Listener of run changes on any cluster. */
export type RunListener = (cluster: string, type: InformerEventType, run: PipelineRun) => void;

/** One informer per runtime cluster, sharing listeners. */
export class RunWatchers implements Disposable {
  private readonly store = new DisposableStore();
  private readonly informers = new Map<string, Informer<PipelineRun>>();
  private readonly listeners = new Set<RunListener>();

  constructor(clusters: RuntimeClusters, instance: string, logger: Logger) {
    for (const cluster of clusters.names()) {
      const informer = clusters.get(cluster).informer<PipelineRun>('/apis/tekton.dev/v1/pipelineruns', {
        labelSelector: managedSelector(instance),
        logger: logger.child({ component: 'run-informer', cluster }),
      });
      informer.onDidChange((type, run) => {
        for (const l of this.listeners) l(cluster, type, run);
      });
      this.informers.set(cluster, this.store.add(informer));
    }
  }

  /** Subscribes to changes on every cluster. */
  onDidChange(listener: RunListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Starts every informer; resolves when all listed once. */
  async start(): Promise<void> {
    for (const i of this.informers.values()) i.start();
    await Promise.all([...this.informers.values()].map((i) => i.whenSynced()));
  }

  /** Cached run. */
  lookup(cluster: string, namespace: string, name: string): PipelineRun | undefined {
    return this.informers.get(cluster)?.get(namespace, name);
  }

  /** Cached runs of a cluster. */
  list(cluster: string): PipelineRun[] {
    return this.informers.get(cluster)?.list() ?? [];
  }

  /** Cluster names watched. */
  clusters(): string[] {
    return [...this.informers.keys()];
  }

  dispose(): Promise<void> {
    this.listeners.clear();
    return this.store.dispose();
  }
}
