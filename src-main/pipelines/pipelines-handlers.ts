// Handlers for the `pipelines` domain (arguments are already checked against the contract by the RPC host).
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { pipelinesContract } from '../../src-shared/contract/pipelines';
import type { PipelineWorkspaces } from './pipeline-workspaces';

/** Builds the `pipelines` handlers over the workspaces service. */
export function createPipelinesHandlers(workspaces: PipelineWorkspaces): DomainHandlers<typeof pipelinesContract> {
  return {
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
