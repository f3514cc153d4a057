// Handlers for the `runs` domain: a live run detail (list+watch of the run and its TaskRuns), the GitHub events of the
// core cluster (list+watch), and the actions on a run.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { runsContract } from '../../src-shared/contract/runs';
import { rerunOf, runDetail } from '../../src-shared/runs/run-detail';
import { githubEventRows } from '../../src-shared/runs/github-events';
import type { PipelineRun, TaskRun } from '../../src-shared/runs/tekton-types';
import { systemClock, type Clock } from '../../src-node/time/clock';
import type { KubeError } from '../../src-node/kube/kube-errors';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import { ObjectWatch } from './object-watch';

const runPath = (ns: string, name?: string): string => `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns${name ? `/${name}` : ''}`;

/** Kubernetes errors carry their user-facing RpcError; anything else passes through. */
function rpcError(err: unknown): unknown {
  const e = err as { toRpcError?: () => unknown } | null;
  return typeof e?.toRpcError === 'function' ? e.toRpcError() : err;
}

const MAX_EVENTS = 500;

/** Emits an event only when it differs from the last one sent. */
function deduped<E>(emit: (e: E) => boolean): (e: E) => boolean {
  let last = '';
  return (e) => {
    const key = JSON.stringify(e);
    if (key === last) return true;
    last = key;
    return emit(e);
  };
}

/** Builds the `runs` handlers. */
export function createRunsHandlers(d: { readonly registry: ClusterRegistry; readonly clock?: Clock; readonly batchMs?: number }): DomainHandlers<typeof runsContract> {
  const clock = d.clock ?? systemClock;
  return {
    watchRun: ({ context, namespace, name }, emit) => {
      const { client } = d.registry.handle(context);
      // undefined: not listed yet; null: listed and absent (deleted, or its namespace is gone).
      let pr: PipelineRun | null | undefined;
      let taskRuns: readonly TaskRun[] | undefined;
      const send = deduped(emit);
      const update = (): void => {
        if (pr === null) send({ type: 'gone', message: `PipelineRun ${namespace}/${name} does not exist (any more).` });
        else if (pr && taskRuns) send({ type: 'run', run: runDetail(context, pr, taskRuns) });
      };
      const problem = (err: KubeError): void => void send({ type: 'problem', message: err.message });
      const common = { client, clock, ...(d.batchMs !== undefined ? { batchMs: d.batchMs } : {}), onProblem: problem };
      const watches = [
        new ObjectWatch<PipelineRun>({ ...common, path: runPath(namespace), fieldSelector: `metadata.name=${name}`, what: `PipelineRun ${namespace}/${name}`, onChange: (items) => ((pr = items[0] ?? null), update()) }),
        new ObjectWatch<TaskRun>({ ...common, path: `/apis/tekton.dev/v1/namespaces/${namespace}/taskruns`, labelSelector: `tekton.dev/pipelineRun=${name}`, what: `TaskRuns of ${namespace}/${name}`, onChange: (items) => ((taskRuns = items), update()) }),
      ];
      return () => {
        for (const w of watches) w.dispose();
      };
    },
    watchEvents: ({ context, namespace }, emit) => {
      const { client } = d.registry.handle(context);
      const send = deduped(emit);
      const watch = new ObjectWatch<{ metadata: { name: string } }>({
        client,
        clock,
        ...(d.batchMs !== undefined ? { batchMs: d.batchMs } : {}),
        path: `/apis/pipe.linecorp.com/v1alpha1/namespaces/${namespace ?? 'pipe-system'}/githubevents`,
        limit: MAX_EVENTS,
        what: 'GitHubEvent objects',
        onChange: (items) => void send({ type: 'events', events: githubEventRows(items).slice(0, MAX_EVENTS) }),
        onProblem: (err) => void send({ type: 'problem', message: err.status === 404 ? 'pipe-events is not installed on this cluster (no GitHubEvent objects).' : err.message }),
      });
      return () => watch.dispose();
    },
    cancel: async ({ context, namespace, name }) => {
      const { client } = d.registry.handle(context);
      await client
        .request(runPath(namespace, name), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { status: 'Cancelled' } }, what: `PipelineRun ${namespace}/${name}` })
        .catch((err: unknown) => {
          throw rpcError(err);
        });
      return { ok: true as const };
    },
    rerun: async ({ context, namespace, name }) => {
      const { client } = d.registry.handle(context);
      try {
        const pr = await client.request<PipelineRun>(runPath(namespace, name), { what: `PipelineRun ${namespace}/${name}` });
        const created = await client.request<PipelineRun>(runPath(namespace), { method: 'POST', body: rerunOf(pr) });
        return { name: created.metadata.name };
      } catch (err) {
        throw rpcError(err);
      }
    },
    delete: async ({ context, namespace, name }) => {
      const { client } = d.registry.handle(context);
      await client.request(runPath(namespace, name), { method: 'DELETE', what: `PipelineRun ${namespace}/${name}` }).catch((err: unknown) => {
        throw rpcError(err);
      });
      return { ok: true as const };
    },
  };
}
