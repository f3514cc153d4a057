// Wires the terminal service into the host: kubeconfigs rendered by the clusters exporter, the login shell's environment.
import { join } from 'node:path';
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { terminalContract } from '../../src-shared/contract/terminal';
import type { ClustersModule } from '../clusters/clusters-module';
import { KubeconfigExporter } from '../clusters/kubeconfig-exporter';
import type { HostConfig } from '../config';
import type { ServiceContainer } from '../host/service-container';
import type { SettingsStore } from '../services/settings-store';
import type { Logger } from '../util/logger';
import { createTerminalHandlers } from './terminal-handlers';
import { TerminalKubeconfigs } from './terminal-kubeconfigs';
import { startPodShell } from './pod-shell';
import { TerminalService } from './terminal-service';

/** The terminal service and its handlers. */
export interface TerminalModule {
  readonly service: TerminalService;
  readonly handlers: DomainHandlers<typeof terminalContract>;
}

/** Creates the terminal service and registers it with the container (stopped before the cluster services). */
export function createTerminalModule(
  config: HostConfig,
  settings: SettingsStore,
  clusters: Pick<ClustersModule, 'store' | 'shellEnv' | 'registry'>,
  services: ServiceContainer,
  log: Logger,
): TerminalModule {
  const exporter = new KubeconfigExporter(clusters.store, join(config.appDataDir, 'exports'));
  const service = services.add(
    'terminals',
    new TerminalService({
      kubeconfigs: new TerminalKubeconfigs(join(config.appDataDir, 'terminals'), exporter),
      loginEnv: clusters.shellEnv,
      env: config.env,
      configuredShell: () => settings.get().terminalShell,
      appVersion: config.version,
      // The user's own credentials: the same client the cluster views use for this context.
      podShell: (target, size) => startPodShell(clusters.registry.handle(target.context).client, target, size),
      log,
    }),
  );
  return { service, handlers: createTerminalHandlers(service) };
}
