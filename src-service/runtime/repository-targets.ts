// Repository → runtime cluster + namespace: the config map first, else runtime namespaces annotated with the repository.
import { DisposableStore, type Disposable } from '../../src-shared/util/disposable';
import type { ServiceConfig } from '../config/config-schema';
import type { Informer } from '../../src-node/kube/informer';
import type { Namespace } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import type { RuntimeClusters } from './runtime-clusters';

/** Where one repository's runs go. */
export interface ResolvedTarget {
  readonly cluster: string;
  readonly namespace: string;
  /** 0 = unlimited. */
  readonly concurrencyLimit: number;
  readonly serviceAccountName?: string;
}

/** Namespace annotation with a per-namespace concurrency limit (optional). */
export const CONCURRENCY_LIMIT_ANNOTATION = 'pipe.linecorp.com/concurrency-limit';

/** Resolves targets; watches runtime namespaces for the repository annotation. */
export class RepositoryTargets implements Disposable {
  private readonly store = new DisposableStore();
  private readonly informers: { cluster: string; informer: Informer<Namespace> }[] = [];
  private readonly configured = new Map<string, ResolvedTarget>();

  constructor(
    private readonly config: ServiceConfig,
    private readonly clusters: RuntimeClusters,
    private readonly logger: Logger,
  ) {
    for (const [repo, t] of Object.entries(config.repositories)) {
      this.configured.set(repo.toLowerCase(), {
        cluster: t.cluster,
        namespace: t.namespace,
        concurrencyLimit: t.concurrencyLimit ?? config.defaultConcurrencyLimit,
        ...(t.serviceAccountName ? { serviceAccountName: t.serviceAccountName } : {}),
      });
    }
  }

  /** Starts the namespace watches (when namespace discovery is on); resolves once they listed. */
  async start(): Promise<void> {
    if (!this.config.namespaceAnnotation) return;
    for (const cluster of this.clusters.names()) {
      const informer = this.clusters.get(cluster).informer<Namespace>('/api/v1/namespaces', { logger: this.logger.child({ cluster }) });
      this.store.add(informer);
      this.informers.push({ cluster, informer });
      informer.start();
    }
    await Promise.race([
      Promise.all(this.informers.map((i) => i.informer.whenSynced())),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ]);
  }

  /** True once every namespace watch has listed. */
  get synced(): boolean {
    return this.informers.every((i) => i.informer.synced);
  }

  /** The target of a repository, or undefined when none is mapped. */
  resolve(fullName: string): ResolvedTarget | undefined {
    const key = fullName.toLowerCase();
    const fromConfig = this.configured.get(key);
    if (fromConfig) return fromConfig;
    const matches: ResolvedTarget[] = [];
    for (const { cluster, informer } of this.informers) {
      for (const ns of informer.list()) {
        const value = ns.metadata.annotations?.[this.config.namespaceAnnotation];
        if (!value || ns.metadata.deletionTimestamp) continue;
        if (!value.split(',').some((v) => v.trim().toLowerCase() === key)) continue;
        const limit = Number(ns.metadata.annotations?.[CONCURRENCY_LIMIT_ANNOTATION]);
        matches.push({
          cluster,
          namespace: ns.metadata.name,
          concurrencyLimit:
            Number.isInteger(limit) && limit >= 0 ? limit : this.config.defaultConcurrencyLimit,
        });
      }
    }
    matches.sort((a, b) => `${a.cluster}/${a.namespace}`.localeCompare(`${b.cluster}/${b.namespace}`));
    if (matches.length > 1)
      this.logger.warn('several namespaces claim a repository; using the first', {
        repository: fullName,
        namespaces: matches.map((m) => `${m.cluster}/${m.namespace}`),
      });
    return matches[0];
  }

  /** Every repository mapped now: configured ones and those named by annotated runtime namespaces (lower case). */
  repositories(): string[] {
    const out = new Set(this.configured.keys());
    for (const { informer } of this.informers)
      for (const ns of informer.list()) {
        const value = ns.metadata.annotations?.[this.config.namespaceAnnotation];
        if (!value || ns.metadata.deletionTimestamp) continue;
        for (const v of value.split(','))
          if (/^[^/\s]+\/[^/\s]+$/.test(v.trim())) out.add(v.trim().toLowerCase());
      }
    return [...out].sort();
  }

  /** Concurrency limit for runs of a repository in a cluster/namespace (as resolved now). */
  limitFor(fullName: string): number {
    return this.resolve(fullName)?.concurrencyLimit ?? this.config.defaultConcurrencyLimit;
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
