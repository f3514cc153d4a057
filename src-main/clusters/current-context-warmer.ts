// Keeps the current context's main lists (pods, PipelineRuns in its namespace) live, so opening them is instant.
import type { ResourceKind } from '../../src-shared/contract/clusters';
import type { SettingsStore } from '../services/settings-store';
import type { ClusterRegistry } from './cluster-registry';
import type { InformerPool } from './informer-pool';
import type { KubeconfigStore } from './kubeconfig-store';

/** What the warmer follows. */
export interface CurrentContextWarmerDeps {
  readonly registry: ClusterRegistry;
  readonly pool: InformerPool;
  readonly settings: SettingsStore;
  readonly store: KubeconfigStore;
  readonly namespaceOf: (context: string, kubeconfigNamespace: string | undefined) => string;
  /** Lists to keep warm (default pods and PipelineRuns: the first screens a PIPE user opens). */
  readonly resources?: readonly ResourceKind[];
}

/** Holds one reference on each warm informer; moves them when the current context or namespace changes. */
export class CurrentContextWarmer {
  private key: string | undefined;
  private releases: (() => void)[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: CurrentContextWarmerDeps) {}

  start(): void {
    const poke = (): void => this.reconcile();
    this.offs.push(this.deps.registry.onDidChange(poke), this.deps.settings.onDidChange(poke));
    this.reconcile();
  }

  /** The context and namespace kept warm, if any (tests). */
  get warm(): string | undefined {
    return this.key;
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.release();
  }

  private reconcile(): void {
    const { registry, pool, settings, store } = this.deps;
    const context = settings.get().currentContext ?? store.snapshot.merged.currentContext;
    const c = context ? registry.get(context) : undefined;
    if (!context || !c?.client) return this.release();
    const status = c.connection.status;
    if (status.phase !== 'ready' || status.auth !== 'ok') {
      // An outage keeps what is warm (it resumes with the cluster's retry loop); a cluster we cannot read is never warmed.
      const isOutage = status.phase === 'unreachable' || status.phase === 'connecting';
      if (isOutage && this.key?.startsWith(`${context}\u0000`)) return;
      return this.release();
    }
    const namespace = this.deps.namespaceOf(context, c.context.namespace);
    const key = `${context}\u0000${namespace}\u0000${c.fingerprint}`;
    if (key === this.key) return;
    this.release();
    this.key = key;
    const handle = registry.handle(context);
    for (const resource of this.deps.resources ?? ['pods', 'pipelineruns']) {
      this.releases.push(pool.acquire(context, handle, resource, namespace).release);
    }
  }

  private release(): void {
    for (const r of this.releases.splice(0)) r();
    this.key = undefined;
  }
}
