// Handlers for the `pipeEvents` domain: the live panel and, for the local PIPE, sending a sample event.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { pipeEventsContract } from '../../src-shared/contract/pipe-events';
import type { Clock } from '../../src-node/time/clock';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { LocalSampleSender } from './local-sample-sender';
import { watchPipeEventsStatus } from './pipe-events-status-stream';

/** pipe-events' defaults (src-service config): namespace and leader Lease. */
export const PIPE_EVENTS_NAMESPACE = 'pipe-system';
export const PIPE_EVENTS_LEASE = 'pipe-events-leader';

/** Builds the `pipeEvents` handlers. */
export function createPipeEventsHandlers(d: { readonly registry: ClusterRegistry; readonly sender: LocalSampleSender; readonly clock?: Clock }): DomainHandlers<typeof pipeEventsContract> {
  return {
    watchStatus: ({ context, namespace }, emit) =>
      watchPipeEventsStatus(d.registry.handle(context).client, { context, namespace: namespace ?? PIPE_EVENTS_NAMESPACE, leaseName: PIPE_EVENTS_LEASE, ...(d.clock ? { clock: d.clock } : {}) }, emit),
    sampleTarget: async () => {
      const found = await d.sender.target();
      return 'reason' in found ? { available: false, reason: found.reason } : { available: true, repository: found.target.pipeEvents.sampleRepository.fullName };
    },
    sendSample: ({ kind, branch }) => d.sender.send(kind, branch),
  };
}
