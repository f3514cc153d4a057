// Every scaffold output passes the sandbox's Tekton admission (sandbox/policies.ts: allowed registries, no
// privileged steps) and the apiserver's CRD validation: a server-side dry run of each generated file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { scaffoldPipelines, STACKS } from '../../src-shared/pipelines/scaffold';
import { createPipelinesHandlers } from './pipelines-handlers';
import type { PipelineWorkspaces } from './pipeline-workspaces';

let info: SandboxInfo;
let user: KubeClient;

beforeAll(() => {
  info = readSandboxInfo();
  user = clientFor(info.runtime.userKubeconfig);
});
afterAll(() => user.dispose());

function dryRun(text: string) {
  const handlers = createPipelinesHandlers({} as PipelineWorkspaces, { registry: { handle: () => ({ client: user }) as never } });
  return handlers.apply({ context: 'sandbox-user', namespace: info.teamNamespace, text, dryRun: true }, {} as never) as Promise<{
    documents: { kind: string; name: string; result: string; message?: string }[];
  }>;
}

describe('scaffold output against the sandbox admission policy', () => {
  it.each(STACKS.map((s) => s.id))('%s: ci, build and cd would be created (dry run)', async (stack) => {
    const files = scaffoldPipelines({ stack, defaultBranch: 'main', imageRepository: 'registry.pipe.example/team-a/app', name: `scaffold-${stack}` });
    for (const file of files) {
      const { documents } = await dryRun(file.text);
      expect([file.path, documents.map((d) => `${d.kind} ${d.result}${d.message ? `: ${d.message}` : ''}`)]).toEqual([file.path, ['Pipeline created']]);
    }
  });

  it('the same dry run refuses a step image the policy does not allow (the check can fail)', async () => {
    const [ci] = scaffoldPipelines({ stack: 'node', defaultBranch: 'main', imageRepository: 'r/x', name: 'scaffold-bad' });
    const { documents } = await dryRun(ci!.text.replace('docker.io/library/node:22-bookworm', 'docker.io/someone/node:22'));
    expect(documents[0]!.result).toBe('error');
    expect(documents[0]!.message).toContain('PIPE policy: step images must come from');
  });
});
