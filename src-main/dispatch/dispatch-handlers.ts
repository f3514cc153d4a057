// Handlers for the `dispatch` domain: manual dispatch as the signed-in user, over the cluster registry's client.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { dispatchContract } from '../../src-shared/contract/dispatch';
import { RpcError } from '../../src-shared/contract/errors';
import { createDispatch, readDispatch } from '../../src-node/dispatch/dispatch-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { ClusterRegistry } from '../clusters/cluster-registry';

/** Builds the `dispatch` handlers. */
export function createDispatchHandlers(d: {
  readonly registry: ClusterRegistry;
}): DomainHandlers<typeof dispatchContract> {
  return {
    create: async ({ context, namespace, ...req }) => {
      const client = d.registry.handle(context).client;
      const created = await kubeCall(() =>
        createDispatch(client, { ...req, ...(namespace ? { namespace } : {}) }),
      );
      return {
        namespace: created.namespace,
        name: created.name,
        requester: created.identity.username,
        ...(created.identity.githubLogin ? { login: created.identity.githubLogin } : {}),
      };
    },
    status: async ({ context, namespace, name }) => {
      const state = await kubeCall(() => readDispatch(d.registry.handle(context).client, namespace, name));
      return {
        ...state,
        runs: state.runs.map((r) => ({ ...r })),
        ...(state.inputs ? { inputs: { ...state.inputs } } : {}),
      };
    },
  };
}

/** Kubernetes refusals (the dispatch policy's message, RBAC) reach the user verbatim; other failures as typed errors. */
async function kubeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isKubeError(err)) throw err;
    const server = err.facts.kind === 'http' && err.facts.serverMessage ? err.facts.serverMessage : undefined;
    if (server && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 401)
      throw new RpcError(
        err.status === 403 ? 'forbidden' : err.status === 404 ? 'not-found' : 'bad-request',
        server,
      );
    throw err.toRpcError();
  }
}
