// The namespace each context works in, and the namespaces offered when listing them is forbidden (namespace-as-a-service).
import { placeCluster } from '../../src-shared/clusters/platform-profile';
import type { NamespaceChoices } from '../../src-shared/contract/clusters';
import type { SettingsStore } from '../services/settings-store';
import type { ClusterRegistry } from './cluster-registry';
import { KubeError } from '../../src-node/kube/kube-errors';
import type { PlatformProfileLoader } from './platform-profile-loader';

/** Chooses, remembers and offers namespaces per context. */
export class NamespaceService {
  constructor(
    private readonly settings: SettingsStore,
    private readonly profile: () => PlatformProfileLoader | undefined,
    private readonly registry: () => ClusterRegistry | undefined,
  ) {}

  /** The chosen namespace: settings, then the kubeconfig context's, then the profile's first, then "default". */
  namespaceOf(context: string, kubeconfigNamespace: string | undefined): string {
    const chosen = this.settings.get().namespaceByContext[context] ?? kubeconfigNamespace;
    if (chosen) return chosen;
    return (this.isPipeCluster(context) ? this.profile()?.profile?.namespaces[0] : undefined) ?? 'default';
  }

  /** True when the profile names this context's cluster (core or runtime). */
  isPipeCluster(context: string): boolean {
    const profile = this.profile()?.profile;
    const c = this.registry()?.get(context);
    if (!profile || !c?.context.cluster) return false;
    const server = String(c.context.cluster.body.server ?? '');
    return placeCluster(profile, { context, cluster: c.context.clusterName, server }).group !== 'other';
  }

  async select(context: string, namespace: string): Promise<void> {
    const current = this.settings.get();
    await this.settings.update({ namespaceByContext: { ...current.namespaceByContext, [context]: namespace } });
    // The health check covers "may I list pods here", so re-check with the new namespace.
    void this.registry()?.get(context)?.connection.retryNow();
  }

  async remember(context: string, namespace: string, forget = false): Promise<void> {
    const all = this.settings.get().rememberedNamespaces;
    const list = (all[context] ?? []).filter((n) => n !== namespace);
    if (!forget) list.unshift(namespace);
    await this.settings.update({ rememberedNamespaces: { ...all, [context]: list.slice(0, 100) } });
  }

  /** Namespaces to offer: the cluster's list when allowed, else the profile's and the remembered ones. */
  async choices(context: string, signal?: AbortSignal): Promise<NamespaceChoices> {
    const c = this.registry()?.get(context);
    const kubeconfigNs = c?.context.namespace;
    const remembered = this.settings.get().rememberedNamespaces[context] ?? [];
    const out = new Map<string, NamespaceChoices['namespaces'][number]['source']>();
    let listProblem: NamespaceChoices['listProblem'];
    if (c?.client) {
      try {
        const list = await c.client.request<{ items?: { metadata?: { name?: string } }[] }>('/api/v1/namespaces', {
          ...(signal ? { signal } : {}),
          timeoutMs: 15_000,
        });
        for (const item of list.items ?? []) if (item.metadata?.name) out.set(item.metadata.name, 'cluster');
      } catch (err) {
        if (!(err instanceof KubeError)) throw err;
        listProblem = err.problem;
      }
    }
    if (out.size === 0) {
      const profileNs = this.isPipeCluster(context) ? (this.profile()?.profile?.namespaces ?? []) : [];
      for (const n of profileNs) if (!out.has(n)) out.set(n, 'profile');
      if (kubeconfigNs && !out.has(kubeconfigNs)) out.set(kubeconfigNs, 'kubeconfig');
    }
    for (const n of remembered) if (!out.has(n)) out.set(n, 'remembered');
    const namespaces = [...out].map(([name, source]) => ({ name, source })).sort((a, b) => a.name.localeCompare(b.name));
    return { namespaces, ...(listProblem ? { listProblem } : {}) };
  }
}
