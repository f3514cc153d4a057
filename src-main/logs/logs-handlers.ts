// Handlers for the `logs` domain: a run session or a single shared container log per subscription.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { logsContract } from '../../src-shared/contract/logs';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { ContainerLogHub } from './container-log-hub';
import { LogPump } from './log-pump';
import { RunLogSession } from './run-log-session';

/** Builds the `logs` handlers. */
export function createLogsHandlers(d: { readonly registry: ClusterRegistry; readonly hub: ContainerLogHub }): DomainHandlers<typeof logsContract> {
  return {
    followRun: ({ context, namespace, name }, emit) => {
      const { client } = d.registry.handle(context);
      const session = new RunLogSession({ context, namespace, name, reader: client, hub: d.hub, emit });
      return () => session.dispose();
    },
    followContainer: ({ context, namespace, pod, container }, emit) => {
      d.registry.handle(context);
      const { log, release } = d.hub.acquire({ context, namespace, pod, container });
      emit({ type: 'source', source: 0, task: '', step: container.replace(/^step-/, ''), pod, container, attempt: 0, isFinally: false });
      const pump = new LogPump(emit);
      pump.attach(0, log);
      return () => {
        pump.dispose();
        release();
      };
    },
  };
}
