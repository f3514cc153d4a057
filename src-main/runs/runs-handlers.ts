// Handlers for the `runs` domain: a live run detail (polled; the page of one run) and the actions on a run.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { GithubEventsEvent, runsContract, RunWatchEvent } from '../../src-shared/contract/runs';
import { rerunOf, runDetail } from '../../src-shared/runs/run-detail';
import { githubEventRows } from '../../src-shared/runs/github-events';
import type { PipelineRun, TaskRun } from '../../src-shared/runs/tekton-types';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { ClusterRegistry } from '../clusters/cluster-registry';

const runPath = (ns: string, name?: string): string => `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns${name ? `/${name}` : ''}`;

/** Kubernetes errors carry their user-facing RpcError; anything else passes through. */
function rpcError(err: unknown): unknown {
  const e = err as { toRpcError?: () => unknown } | null;
  return typeof e?.toRpcError === 'function' ? e.toRpcError() : err;
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** Builds the `runs` handlers. */
export function createRunsHandlers(d: { readonly registry: ClusterRegistry; readonly clock?: Clock; readonly pollMs?: number }): DomainHandlers<typeof runsContract> {
  const clock = d.clock ?? systemClock;
  return {
    watchRun: ({ context, namespace, name }, emit) => {
      const { client } = d.registry.handle(context);
      const abort = new AbortController();
      let timer: TimerHandle | undefined;
      let last = '';
      const poll = async (): Promise<void> => {
        let event: RunWatchEvent | undefined;
        try {
          const pr = await client.request<PipelineRun>(runPath(namespace, name), { signal: abort.signal, what: `PipelineRun ${namespace}/${name}` });
          const trs = await client.request<{ items: TaskRun[] }>(`/apis/tekton.dev/v1/namespaces/${namespace}/taskruns`, {
            query: { labelSelector: `tekton.dev/pipelineRun=${name}` },
            signal: abort.signal,
          });
          event = { type: 'run', run: runDetail(context, pr, trs.items) };
        } catch (err) {
          if (abort.signal.aborted) return;
          const status = statusOf(err);
          event = status === 404 ? { type: 'gone', message: `PipelineRun ${namespace}/${name} does not exist (any more).` } : { type: 'problem', message: (err as Error).message };
        }
        const key = JSON.stringify(event);
        if (key !== last) {
          last = key;
          if (!emit(event)) return;
        }
        if (!abort.signal.aborted) timer = clock.setTimeout(() => void poll(), d.pollMs ?? 1500);
      };
      void poll();
      return () => {
        abort.abort();
        clock.clearTimeout(timer);
      };
    },
    watchEvents: ({ context, namespace }, emit) => {
      const { client } = d.registry.handle(context);
      const abort = new AbortController();
      let timer: TimerHandle | undefined;
      let last = '';
      const poll = async (): Promise<void> => {
        let event: GithubEventsEvent;
        try {
          const list = await client.request<{ items: unknown[] }>(`/apis/pipe.linecorp.com/v1alpha1/namespaces/${namespace ?? 'pipe-system'}/githubevents`, { query: { limit: '500' }, signal: abort.signal, what: 'GitHubEvent objects' });
          event = { type: 'events', events: githubEventRows(list.items) };
        } catch (err) {
          if (abort.signal.aborted) return;
          event = { type: 'problem', message: statusOf(err) === 404 ? 'pipe-events is not installed on this cluster (no GitHubEvent objects).' : (err as Error).message };
        }
        const key = JSON.stringify(event);
        if (key !== last) {
          last = key;
          if (!emit(event)) return;
        }
        if (!abort.signal.aborted) timer = clock.setTimeout(() => void poll(), d.pollMs ?? 2000);
      };
      void poll();
      return () => {
        abort.abort();
        clock.clearTimeout(timer);
      };
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
