// `pipelines.apply` against the sandbox's runtime apiserver as the Dex user: server-side apply, dry run, the
// sandbox's Tekton admission policy (sandbox/policies.ts) and RBAC refusals handed back verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import { PRIVILEGED_STEP_MESSAGE, IMAGE_REGISTRY_MESSAGE } from '../../sandbox/policies';
import { clientFor } from '../clusters/testing/clients';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { createPipelinesHandlers } from './pipelines-handlers';
import type { PipelineWorkspaces } from './pipeline-workspaces';

let info: SandboxInfo;
let user: KubeClient;
let admin: KubeClient;
const created: string[] = [];

beforeAll(() => {
  info = readSandboxInfo();
  user = clientFor(info.runtime.userKubeconfig);
  admin = clientFor(info.runtime.adminKubeconfig);
});
afterAll(async () => {
  for (const name of created) {
    await admin.request(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelines/${name}`, { method: 'DELETE' }).catch(() => undefined);
  }
  user.dispose();
  admin.dispose();
});

/** The real handler, with a registry that knows one context (the Dex user on the runtime cluster). */
function apply(namespace: string, text: string, dryRun: boolean) {
  const handlers = createPipelinesHandlers({} as PipelineWorkspaces, {
    registry: { handle: (context: string) => { expect(context).toBe('sandbox-user'); return { client: user } as never; } },
  });
  return handlers.apply({ context: 'sandbox-user', namespace, text, dryRun }, {} as never) as Promise<{
    documents: { kind: string; name: string; result: string; message?: string; line: number; diff?: { live?: string; after: string; truncated: boolean } }[];
  }>;
}

const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

const pipelineYaml = (name: string, step: string): string =>
  `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ${name}
spec:
  tasks:
    - name: build
      taskSpec:
        steps:
${step}`;

const okStep = '          - name: compile\n            image: docker.io/library/alpine:3.20\n            script: echo hi\n';

async function stored(name: string): Promise<boolean> {
  try {
    await admin.request(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelines/${name}`);
    return true;
  } catch (err) {
    if (isKubeError(err) && err.status === 404) return false;
    throw err;
  }
}

describe('pipelines.apply against the sandbox', () => {
  it('dry run says created and stores nothing; apply creates; applying again is unchanged; an edit is configured', async () => {
    const name = uniqueName('apply');
    created.push(name);
    const text = pipelineYaml(name, okStep);

    const dry = await apply(info.teamNamespace, text, true);
    expect(dry.documents).toMatchObject([{ kind: 'Pipeline', name, result: 'created', line: 1 }]);
    expect(await stored(name)).toBe(false);

    expect((await apply(info.teamNamespace, text, false)).documents).toEqual([{ kind: 'Pipeline', name, result: 'created', line: 1 }]);
    expect(await stored(name)).toBe(true);

    expect((await apply(info.teamNamespace, text, false)).documents[0]!.result).toBe('unchanged');
    expect((await apply(info.teamNamespace, text, true)).documents[0]!.result).toBe('unchanged');

    const edited = pipelineYaml(name, okStep.replace('echo hi', 'echo bye'));
    expect((await apply(info.teamNamespace, edited, true)).documents[0]!.result).toBe('configured');
    expect((await apply(info.teamNamespace, edited, false)).documents[0]!.result).toBe('configured');
  });

  it('a dry run carries the diff against the live object: none for a create, the changed field for an edit', async () => {
    const name = uniqueName('apply-diff');
    created.push(name);
    const text = pipelineYaml(name, okStep);

    const [create] = (await apply(info.teamNamespace, text, true)).documents;
    expect(create!.result).toBe('created');
    expect(create!.diff!.live).toBeUndefined();
    expect(create!.diff!.after).toContain(`name: ${name}`);
    expect(create!.diff!.after).toContain('script: echo hi');
    expect(create!.diff!.after).not.toMatch(/managedFields|resourceVersion|creationTimestamp|uid:|generation:/);

    await apply(info.teamNamespace, text, false);
    const [unchanged] = (await apply(info.teamNamespace, text, true)).documents;
    expect(unchanged).toEqual({ kind: 'Pipeline', name, result: 'unchanged', line: 1 });

    const [edit] = (await apply(info.teamNamespace, pipelineYaml(name, okStep.replace('echo hi', 'echo bye')), true)).documents;
    expect(edit!.result).toBe('configured');
    const { live, after, truncated } = edit!.diff!;
    expect(truncated).toBe(false);
    const removed = live!.split('\n').filter((l) => !after.split('\n').includes(l));
    const added = after.split('\n').filter((l) => !live!.split('\n').includes(l));
    expect(removed.map((l) => l.trim())).toEqual(['script: echo hi']);
    expect(added.map((l) => l.trim())).toEqual(['script: echo bye']);
    // A dry run stores nothing: the live object still has the old script.
    const [again] = (await apply(info.teamNamespace, pipelineYaml(name, okStep.replace('echo hi', 'echo bye')), true)).documents;
    expect(again!.diff!.live).toContain('script: echo hi');
  });

  it('a privileged step is denied by the sandbox policy: its message verbatim, at the line of its document', async () => {
    const good = uniqueName('apply-ok');
    const bad = uniqueName('apply-priv');
    const privileged = '          - name: root\n            image: ghcr.io/pipe/builder:1\n            securityContext:\n              privileged: true\n';
    const text = `# two documents\n${pipelineYaml(good, okStep)}---\n${pipelineYaml(bad, privileged)}`;
    const result = await apply(info.teamNamespace, text, true);
    expect(result.documents[0]).toMatchObject({ kind: 'Pipeline', name: good, result: 'created', line: 2 });
    const denied = result.documents[1]!;
    expect(denied).toMatchObject({ kind: 'Pipeline', name: bad, result: 'error', line: 15 });
    // The apiserver's Status message, as kubectl would print it.
    expect(denied.message).toBe(
      `pipelines.tekton.dev "${bad}" is forbidden: ValidatingAdmissionPolicy 'pipe-sandbox-tekton-steps' with binding 'pipe-sandbox-tekton-steps' denied request: ${PRIVILEGED_STEP_MESSAGE}`,
    );
    expect(await stored(good)).toBe(false);
  });

  it('an image from a registry outside the allowed list is denied', async () => {
    const name = uniqueName('apply-img');
    const step = '          - name: pull\n            image: quay.io/someone/tool:1\n';
    const [doc] = (await apply(info.teamNamespace, pipelineYaml(name, step), true)).documents;
    expect(doc!.result).toBe('error');
    expect(doc!.message).toContain(IMAGE_REGISTRY_MESSAGE);
  });

  it('a namespace the user may not write answers with the RBAC 403 text', async () => {
    const name = uniqueName('apply-secret');
    const [doc] = (await apply(info.forbiddenNamespace, pipelineYaml(name, okStep), true)).documents;
    expect(doc!.result).toBe('error');
    expect(doc!.line).toBe(1);
    expect(doc!.message).toMatch(
      new RegExp(`^pipelines\\.tekton\\.dev "${name}" is forbidden: User "${info.dex.user.email.replace('.', '\\.')}" cannot get resource "pipelines" in API group "tekton\\.dev" in the namespace "${info.forbiddenNamespace}"`),
    );
  });
});
