// Handlers for the `logs` domain: a run session or a single shared container log per subscription.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { logsContract } from '../../src-shared/contract/logs';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { ContainerLogHub } from './container-log-hub';
import { LogPump } from './log-pump';
import { RunLogSession } from './run-log-session';
import { emitArchivedRun, followRunOrArchive, type ArchivedLogsClient } from './archived-logs';

interface PodStatus {
  readonly status?: {
    readonly phase?: string;
    readonly containerStatuses?: readonly { readonly name: string; readonly state?: { readonly terminated?: unknown } }[];
    readonly initContainerStatuses?: readonly { readonly name: string; readonly state?: { readonly terminated?: unknown } }[];
  };
}

/** Builds the `logs` handlers. */
export function createLogsHandlers(d: {
  readonly registry: ClusterRegistry;
  readonly hub: ContainerLogHub;
  /** pipe-events' log archive for a context, when the platform profile names one. */
  readonly archiveFor?: (context: string) => ArchivedLogsClient | undefined;
}): DomainHandlers<typeof logsContract> {
  return {
    followRun: ({ context, namespace, name, sidecars }, emit) => {
      const { client } = d.registry.handle(context);
      const live = (): (() => void) => {
        const session = new RunLogSession({ context, namespace, name, reader: client, hub: d.hub, emit, ...(sidecars ? { sidecars } : {}) });
        return () => session.dispose();
      };
      return followRunOrArchive({ reader: client, archive: d.archiveFor?.(context), namespace, name, emit, live });
    },
    followArchived: ({ context, namespace, name }, emit) => {
      const archive = d.archiveFor?.(context);
      const abort = new AbortController();
      const fail = (message: string): void => void emit({ type: 'run', phase: 'Unknown', complete: true, message });
      if (!archive) fail('No log archive is configured for this cluster (the platform profile names none).');
      else
        void emitArchivedRun(archive, namespace, name, emit, abort.signal).then(
          (found) => found || fail('This run has no archived logs.'),
          (err: unknown) => abort.signal.aborted || fail((err as Error).message),
        );
      return () => abort.abort();
    },
    followContainer: ({ context, namespace, pod, container }, emit) => {
      const { client } = d.registry.handle(context);
      const { log, release } = d.hub.acquire({ context, namespace, pod, container });
      // A stream that ends while the container still runs was cut: the follower resumes. Ask the pod.
      log.setEndedCheck(async () => {
        const p = await client.request<PodStatus>(`/api/v1/namespaces/${namespace}/pods/${pod}`);
        const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
        return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || !!all.find((c) => c.name === container)?.state?.terminated;
      });
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
