// Wires the cluster services in start order (stopped in reverse by the ServiceContainer) and returns the handlers.
import { join } from 'node:path';
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { clustersContract } from '../../src-shared/contract/clusters';
import type { HostConfig } from '../config';
import type { ServiceContainer } from '../host/service-container';
import type { SettingsStore } from '../services/settings-store';
import type { Logger } from '../util/logger';
import type { ConnectionTiming } from './cluster-connection';
import { ClusterRegistry } from './cluster-registry';
import { createClustersHandlers } from './clusters-handlers';
import { ClustersOverviewService } from './clusters-overview';
import { CurrentContextWarmer } from './current-context-warmer';
import { InformerPool, type InformerPoolOptions } from './informer-pool';
import { KubeconfigExporter } from './kubeconfig-exporter';
import { ExecApprovals } from './exec-approvals';
import { credentialHelperScript } from '../auth/auth-module';
import { ExportsFolderPicker, type ExportLocationPicker } from './export-location';
import { KubeconfigStore } from './kubeconfig-store';
import { NamespaceService } from './namespace-service';
import { PlatformProfileLoader } from './platform-profile-loader';
import { ShellEnvironment } from './shell-environment';

/** Knobs tests turn (faster retries, no lingering informers). */
export interface ClustersModuleOptions {
  readonly timing?: Partial<ConnectionTiming>;
  readonly informers?: InformerPoolOptions;
  readonly shellTimeoutMs?: number;
  readonly watchDebounceMs?: number;
  /** Where exports go: Electron passes a native save dialog; otherwise the app's exports folder. */
  readonly exportPicker?: ExportLocationPicker;
}

/** The cluster services, for tests and the bench. */
export interface ClustersModule {
  readonly handlers: DomainHandlers<typeof clustersContract>;
  readonly store: KubeconfigStore;
  readonly registry: ClusterRegistry;
  readonly pool: InformerPool;
  readonly profile: PlatformProfileLoader;
  readonly shellEnv: ShellEnvironment;
}

/** Creates the cluster services and registers them with the container. */
export function createClustersModule(
  config: HostConfig,
  settings: SettingsStore,
  services: ServiceContainer,
  log: Logger,
  options: ClustersModuleOptions = {},
): ClustersModule {
  const env = config.env;
  const shellEnv = services.add('shell-environment', new ShellEnvironment({ env, timeoutMs: options.shellTimeoutMs ?? 3000, log }));
  const store = services.add(
    'kubeconfigs',
    new KubeconfigStore({
      // A GUI-launched app may lack KUBECONFIG too; the login shell's value counts once known.
      envKubeconfig: () => shellEnv.variable('KUBECONFIG'),
      home: env.HOME || env.USERPROFILE,
      userPaths: () => settings.get().kubeconfigPaths,
      appDir: join(config.appDataDir, 'kubeconfigs'),
      ...(options.watchDebounceMs !== undefined ? { watch: { debounceMs: options.watchDebounceMs } } : {}),
      log,
    }),
  );
  // The namespace service and the registry/profile refer to each other; the getters resolve once all exist.
  const refs: { profile?: PlatformProfileLoader; registry?: ClusterRegistry } = {};
  const namespaces = new NamespaceService(settings, () => refs.profile, () => refs.registry);
  const registry = new ClusterRegistry({
    store,
    shellEnv,
    namespaceOf: (c, ns) => namespaces.namespaceOf(c, ns),
    ...(options.timing ? { timing: options.timing } : {}),
    approvals: new ExecApprovals(join(config.appDataDir, 'exec-approvals.json'), log),
    // The sign-in's own kubeconfig runs the app's credential helper: that is not a command from someone else's file.
    isTrustedExec: (exec) => exec.command === process.execPath && exec.args[0] === credentialHelperScript(config),
    log,
  });
  refs.registry = services.add('clusters', registry);
  const pool = services.add('informers', new InformerPool({ lingerMs: 10_000, log, ...options.informers }));
  const profile = services.add('platform-profile', new PlatformProfileLoader({ profileUrl: () => settings.get().profileUrl, registry, log }));
  refs.profile = profile;
  services.add('current-context-warmer', new CurrentContextWarmer({ registry, pool, settings, store, namespaceOf: (c, ns) => namespaces.namespaceOf(c, ns) }));
  const overview = services.add('clusters-overview', new ClustersOverviewService({ store, registry, profile, namespaces, settings, shellEnv }));
  const exporter = new KubeconfigExporter(store, options.exportPicker ?? new ExportsFolderPicker(join(config.appDataDir, 'exports')));

  // Reload when the user's list of paths or the shell's KUBECONFIG changes.
  let lastPaths = JSON.stringify(settings.get().kubeconfigPaths);
  let lastProfileUrl = settings.get().profileUrl;
  const offSettings = settings.onDidChange((s) => {
    const paths = JSON.stringify(s.kubeconfigPaths);
    if (paths !== lastPaths) {
      lastPaths = paths;
      void store.reload();
    }
    if (s.profileUrl !== lastProfileUrl) {
      lastProfileUrl = s.profileUrl;
      void profile.load(true);
    }
  });
  const offShell = shellEnv.onDidResolve(() => void store.reload());
  services.add('clusters-wiring', { dispose: () => (offSettings(), offShell()) });

  const handlers = createClustersHandlers({ store, registry, pool, overview, namespaces, profile, exporter, settings });
  return { handlers, store, registry, pool, profile, shellEnv };
}
