// Wires the log services: one hub of shared container logs over the cluster registry's clients.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { logsContract } from '../../src-shared/contract/logs';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { ServiceContainer } from '../host/service-container';
import { ContainerLogHub } from './container-log-hub';
import { createLogsHandlers } from './logs-handlers';
import { kubeLogOpener } from './kube-log-opener';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import { ArchivedLogsClient, archiveEndpointFor } from './archived-logs';

/** The log services. */
export interface LogsModule {
  readonly handlers: DomainHandlers<typeof logsContract>;
  readonly hub: ContainerLogHub;
}

/** Creates the log hub (stopped with the host) and its handlers. */
export function createLogsModule(registry: ClusterRegistry, services: ServiceContainer, profile: () => PlatformProfile | undefined = () => undefined): LogsModule {
  const hub = services.add('logs', new ContainerLogHub({ openerFor: (context) => kubeLogOpener(registry.handle(context).client) }));
  // Archived logs are read from pipe-events with the user's own token for that context (no S3 credentials here).
  const archiveFor = (context: string): ArchivedLogsClient | undefined => {
    const endpoint = archiveEndpointFor(profile(), context);
    return endpoint ? new ArchivedLogsClient(endpoint, () => registry.handle(context).client.bearerToken()) : undefined;
  };
  return { handlers: createLogsHandlers({ registry, hub, archiveFor }), hub };
}
