// Handlers for the `pipelines` domain (arguments are already checked against the contract by the RPC host).
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { FieldTreeShape, pipelinesContract } from '../../src-shared/contract/pipelines';
import { RpcError } from '../../src-shared/contract/errors';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import type { PipelineWorkspaces } from './pipeline-workspaces';
import { applyToCluster } from './apply-to-cluster';
import { readClusterSchema } from './cluster-schema-reader';
import { runNow } from './run-now';
import { recentDeliveries } from './recent-deliveries';
import type { FolderPicker } from './folder-picker';
import type { Octokit } from '@octokit/rest';
import { openScaffoldPullRequest, scaffoldBranchName } from './scaffold-pull-request';

/** Builds the `pipelines` handlers over the workspaces service (and the clusters, for `apply`). */
export function createPipelinesHandlers(
  workspaces: PipelineWorkspaces,
  clusters?: {
    readonly registry: Pick<ClusterRegistry, 'handle'>;
    readonly folderPicker?: FolderPicker;
    /** The signed-in GitHub account's client (undefined when not signed in). */
    readonly github?: () => Promise<Octokit | undefined>;
  },
): DomainHandlers<typeof pipelinesContract> {
  const clientOf = (context: string) => {
    if (!clusters) throw new RpcError('unavailable', 'Clusters are not available here.');
    return clusters.registry.handle(context).client;
  };
  return {
    apply: ({ context, namespace, text, dryRun }) => applyToCluster(clientOf(context), { namespace, text, dryRun }),
    clusterSchema: ({ context }) => readClusterSchema(clientOf(context), context) as Promise<{ source: string; kinds: Record<string, FieldTreeShape> }>,
    runNow: async ({ context, namespace, pipelineRun }) => ({ context, namespace, ...(await runNow(clientOf(context), { namespace, pipelineRun })) }),
    openPullRequest: async ({ repository, files }) => {
      const octokit = await clusters?.github?.();
      if (!octokit) throw new RpcError('unauthorized', 'Sign in to GitHub first (PIPE account → GitHub).');
      return openScaffoldPullRequest(octokit, { repository, files, branch: scaffoldBranchName(Date.now()) });
    },
    recentDeliveries: ({ context, namespace, limit }) => recentDeliveries(clientOf(context), { namespace: namespace ?? 'pipe-system', limit: limit ?? 20 }),
    openFolder: ({ path }) => workspaces.openFolder(path),
    pickFolder: async () => {
      if (!clusters?.folderPicker) throw new RpcError('unavailable', 'There is no folder dialog in browser mode: type the folder path.');
      const path = await clusters.folderPicker.pick('Open a repository folder');
      return path ? { path } : {};
    },
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
