// Handlers for the `pipelines` domain (arguments are already checked against the contract by the RPC host).
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { pipelinesContract } from '../../src-shared/contract/pipelines';
import { RpcError } from '../../src-shared/contract/errors';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { PipelineWorkspaces } from './pipeline-workspaces';
import { applyToCluster } from './apply-to-cluster';

/** Builds the `pipelines` handlers over the workspaces service (and the clusters, for `apply`). */
export function createPipelinesHandlers(
  workspaces: PipelineWorkspaces,
  clusters?: { readonly registry: Pick<ClusterRegistry, 'handle'> },
): DomainHandlers<typeof pipelinesContract> {
  return {
    apply: ({ context, namespace, text, dryRun }) => {
      if (!clusters) throw new RpcError('unavailable', 'Applying to a cluster is not available here.');
      return applyToCluster(clusters.registry.handle(context).client, { namespace, text, dryRun });
    },
    openFolder: ({ path }) => workspaces.openFolder(path),
    openFile: ({ path }) => workspaces.openFile(path),
    closeWorkspace: ({ workspaceId }) => {
      workspaces.close(workspaceId);
      return {};
    },
    watch: ({ workspaceId }, emit) => workspaces.watch(workspaceId, (files) => emit({ files })),
    readFile: ({ workspaceId, path }) => workspaces.read(workspaceId, path),
    writeFile: ({ workspaceId, path, text, expectedMtimeMs, overwrite }) =>
      workspaces.write(workspaceId, path, text, {
        ...(expectedMtimeMs !== undefined ? { expectedMtimeMs } : {}),
        ...(overwrite !== undefined ? { overwrite } : {}),
      }),
  };
}
