// Wires the log services: one hub of shared container logs over the cluster registry's clients.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { logsContract } from '../../src-shared/contract/logs';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { ServiceContainer } from '../host/service-container';
import { ContainerLogHub } from './container-log-hub';
import { createLogsHandlers } from './logs-handlers';
import { kubeLogOpener } from './kube-log-opener';

/** The log services. */
export interface LogsModule {
  readonly handlers: DomainHandlers<typeof logsContract>;
  readonly hub: ContainerLogHub;
}

/** Creates the log hub (stopped with the host) and its handlers. */
export function createLogsModule(registry: ClusterRegistry, services: ServiceContainer): LogsModule {
  const hub = services.add('logs', new ContainerLogHub({ openerFor: (context) => kubeLogOpener(registry.handle(context).client) }));
  return { handlers: createLogsHandlers({ registry, hub }), hub };
}
