// Assembles what the sidebar shows (files, clusters grouped by the profile, statuses) and announces changes, coalesced.
import { placeCluster } from '../../src-shared/clusters/platform-profile';
import type { ClusterEntry, ClustersOverview } from '../../src-shared/contract/clusters';
import type { SettingsStore } from '../services/settings-store';
import type { ClusterRegistry } from './cluster-registry';
import type { KubeconfigStore } from './kubeconfig-store';
import type { NamespaceService } from './namespace-service';
import type { PlatformProfileLoader } from './platform-profile-loader';
import type { ShellEnvironment } from './shell-environment';

/** Sources of the overview. */
export interface ClustersOverviewDeps {
  readonly store: KubeconfigStore;
  readonly registry: ClusterRegistry;
  readonly profile: PlatformProfileLoader;
  readonly namespaces: NamespaceService;
  readonly settings: SettingsStore;
  readonly shellEnv: ShellEnvironment;
  /** Coalescing window for bursts (many statuses changing at start). */
  readonly debounceMs?: number;
}

type Listener = (overview: ClustersOverview) => void;

/** Builds the overview on demand and pushes it (debounced) whenever any source changes. */
export class ClustersOverviewService {
  private readonly listeners = new Set<Listener>();
  private readonly offs: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ClustersOverviewDeps) {}

  start(): void {
    const poke = (): void => this.schedule();
    this.offs.push(
      this.deps.store.onDidChange(poke),
      this.deps.registry.onDidChange(poke),
      this.deps.profile.onDidChange(poke),
      this.deps.settings.onDidChange(poke),
      this.deps.shellEnv.onDidResolve(poke),
    );
  }

  build(): ClustersOverview {
    const { store, registry, profile, namespaces, settings, shellEnv } = this.deps;
    const merged = store.snapshot.merged;
    const currentContext = settings.get().currentContext ?? merged.currentContext;
    const clusters: ClusterEntry[] = registry.list().map((c) => {
      const server = String(c.context.cluster?.body.server ?? '');
      const place = placeCluster(profile.profile, { context: c.context.name, cluster: c.context.clusterName, server });
      return {
        context: c.context.name,
        cluster: c.context.clusterName,
        user: c.context.userName,
        server,
        file: c.context.file,
        authKind: c.authKind,
        group: place.group,
        ...(place.region ? { region: place.region } : {}),
        ...(place.profileName ? { profileName: place.profileName } : {}),
        namespace: namespaces.namespaceOf(c.context.name, c.context.namespace),
        isCurrent: c.context.name === currentContext,
        status: c.connection.status,
        ...(c.exec ? { exec: { command: c.exec.command, args: [...c.exec.args] } } : {}),
        ...(c.insecureTls ? { insecureTls: true } : {}),
      };
    });
    return {
      files: store.fileInfos(),
      clusters,
      ...(currentContext && merged.contexts.has(currentContext) ? { currentContext } : {}),
      profile: profile.info,
      shellEnvReady: shellEnv.isReady,
    };
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const overview = this.build();
      for (const l of [...this.listeners]) l(overview);
    }, this.deps.debounceMs ?? 50);
  }
}
