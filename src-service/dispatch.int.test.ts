// Manual dispatch end to end against the sandbox (issue 14): the Dex user signed in through the (fake) GitHub creates a
// workflow_dispatch GitHubEvent with their own ID token; the shipped admission policy checks the requester fields;
// pipe-events checks write access with GitHub, validates the inputs and records the verdict; accepted ones run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { dexLoopbackLogin, dexPasswordGrant } from '../sandbox/dex-client';
import { readSandboxInfo, type SandboxInfo } from '../sandbox/info';
import {
  createDispatch,
  waitForVerdict,
  type DispatchRequest,
  type DispatchState,
} from '../src-node/dispatch/dispatch-client';
import { KubeClient as NodeKubeClient } from '../src-node/kube/kube-client';
import { isKubeError } from '../src-node/kube/kube-errors';
import { runCommand } from '../scripts/run-dispatch';
import { buildPipelineYaml } from './testing/pipelines';
import { startHarness, type Harness } from './testing/service-harness';

const suffix = randomBytes(3).toString('hex');
const EVENTS = `dispatch-ev-${suffix}`;
const RUNTIME = `dispatch-ci-${suffix}`;
const REPO = 'acme/app';
const OTHER = 'acme/other';
const SECRET = 'acme/secret';
const DEPLOY_ON = [
  'workflow_dispatch:',
  '  inputs:',
  '    level: { type: choice, options: [info, debug], default: info }',
  '    dry-run: { type: boolean, required: true }',
  '    replicas: { type: number }',
].join('\n');

let info: SandboxInfo;
let h: Harness;
let user: NodeKubeClient;
let login = '';
let dir = '';
let mainSha = '';
let kubeconfig = '';
const docs = parseAllDocuments(readFileSync(join(__dirname, 'deploy', 'dispatch-policy.yaml'), 'utf8')).map(
  (d) => d.toJSON() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> },
);
const policyName = `pipe-events-dispatch-requester-${suffix}`;

beforeAll(async () => {
  info = readSandboxInfo();
  h = await startHarness({
    sandbox: info,
    namespaces: { event: EVENTS, runtime: RUNTIME },
    env: {
      PIPE_EVENTS_REPOSITORIES: [REPO, OTHER, SECRET].map((r) => `${r}=default/${RUNTIME}`).join(','),
    },
  });
  // The shipped policy, bound to this test's namespace; the user may create (and read) events there.
  const [policy, binding] = docs as [(typeof docs)[0], (typeof docs)[0]];
  await h.core.request('POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', {
    body: { ...policy, metadata: { ...policy.metadata, name: policyName } },
  });
  await h.core.request('POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', {
    body: {
      ...binding,
      metadata: { ...binding.metadata, name: policyName },
      spec: {
        ...binding.spec,
        policyName,
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': EVENTS } } },
      },
    },
  });
  const role = docs.find((d) => d.kind === 'Role')!;
  await h.core.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${EVENTS}/roles`, {
    body: { ...role, metadata: { name: 'dispatcher' } },
  });
  await h.core.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${EVENTS}/rolebindings`, {
    body: {
      metadata: { name: 'dispatcher' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dispatcher' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: info.dex.user.email }],
    },
  });
  // A real sign-in through Dex's GitHub connector: the apiserver sees the e-mail as the user name and the GitHub login
  // as the extra pipe.linecorp.com/github-login.
  const tokens = await dexLoopbackLogin(info, { connector: 'github' });
  dir = mkdtempSync(join(tmpdir(), 'dispatch-int-'));
  kubeconfig = writeTokenKubeconfig('user.kubeconfig', tokens.idToken);
  user = NodeKubeClient.fromFile(kubeconfig);
  login = info.fakeGithub.login;
  mainSha = h.gh.repo(REPO).commit({
    '.pipe/deploy.yaml': buildPipelineYaml({
      name: 'deploy',
      on: DEPLOY_ON,
      params: ['revision', 'level', 'dry-run', 'replicas'],
    }).replace(
      '    - name: replicas\n      type: string\n',
      '    - name: replicas\n      type: string\n      default: "1"\n',
    ),
    '.pipe/build.yaml': buildPipelineYaml({ name: 'build' }),
  });
  for (const r of [OTHER, SECRET])
    h.gh
      .repo(r)
      .commit({ '.pipe/deploy.yaml': buildPipelineYaml({ name: 'deploy', on: 'workflow_dispatch' }) });
  h.gh.permissions.set(`${REPO}:${login}`.toLowerCase(), 'write');
  h.gh.permissions.set(`${OTHER}:${login}`.toLowerCase(), 'read');
}, 120_000);

afterAll(async () => {
  const vap = '/apis/admissionregistration.k8s.io/v1';
  await h?.core
    .request('DELETE', `${vap}/validatingadmissionpolicybindings/${policyName}`)
    .catch(() => undefined);
  await h?.core.request('DELETE', `${vap}/validatingadmissionpolicies/${policyName}`).catch(() => undefined);
  user?.dispose();
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A kubeconfig for the core cluster presenting `idToken` (what an exec plugin would hand kubectl). */
function writeTokenKubeconfig(name: string, idToken: string): string {
  const file = join(dir, name);
  const cluster = {
    server: info.core.server,
    'certificate-authority-data': readFileSync(info.core.caFile).toString('base64'),
  };
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'core', cluster }],
      users: [{ name: 'dev', user: { token: idToken } }],
      contexts: [{ name: 'core', context: { cluster: 'core', user: 'dev' } }],
      'current-context': 'core',
    }),
    { mode: 0o600 },
  );
  return file;
}

/** Dispatches as the signed-in user and waits for pipe-events' verdict. */
async function dispatch(req: Omit<DispatchRequest, 'namespace'>): Promise<DispatchState> {
  const { namespace, name, identity } = await createDispatch(user, { ...req, namespace: EVENTS });
  expect(identity).toEqual({ username: info.dex.user.email, githubLogin: login });
  return waitForVerdict(user, namespace, name, { signal: AbortSignal.timeout(60_000), intervalMs: 200 });
}

async function refusedByApiserver(body: Record<string, unknown>): Promise<string> {
  try {
    await user.request(`/apis/pipe.linecorp.com/v1alpha1/namespaces/${EVENTS}/githubevents`, {
      method: 'POST',
      body,
    });
    return 'created';
  } catch (err) {
    if (!isKubeError(err, 'Forbidden', 'Invalid')) throw err;
    return (err as Error).message;
  }
}

function forged(spec: Record<string, unknown>) {
  return {
    apiVersion: 'pipe.linecorp.com/v1alpha1',
    kind: 'GitHubEvent',
    metadata: { generateName: 'forged-' },
    spec: {
      deliveryId: `forged-${randomBytes(4).toString('hex')}`,
      eventName: 'workflow_dispatch',
      repository: REPO,
      receivedAt: new Date().toISOString(),
      requester: info.dex.user.email,
      requesterLogin: login,
      event: { name: 'workflow_dispatch' },
      ...spec,
    },
  };
}

describe('manual dispatch (workflow_dispatch GitHubEvent created by a person)', () => {
  it('a user with write access runs the pipeline at the ref with typed inputs; the verdict is recorded', async () => {
    const state = await dispatch({
      repository: REPO,
      pipeline: 'deploy',
      inputs: { 'dry-run': 'true', replicas: '03' },
    });
    expect(state).toMatchObject({
      phase: 'Accepted',
      login,
      reason: expect.stringMatching(new RegExp(`@${login} has write access to ${REPO}; deploy run at main`)),
      inputs: { 'dry-run': 'true', replicas: '3', level: 'info' },
    });
    expect(state.runs).toHaveLength(1);
    const run = (await h.runs()).find((r) => r.metadata.name === state.runs[0]!.name)!;
    expect(run.spec.params).toEqual(
      expect.arrayContaining([
        { name: 'dry-run', value: 'true' },
        { name: 'replicas', value: '3' },
        { name: 'level', value: 'info' },
        { name: 'revision', value: mainSha },
      ]),
    );
    expect(run.metadata.labels?.['pipe.linecorp.com/event']).toBe('workflow_dispatch');
  });

  it('`pipe-desktop run` dispatches with the same credentials and prints the verdict (exit 0 accepted, 1 refused)', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: () => undefined };
    const base = [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      EVENTS,
      '--format',
      'json',
      '--pipeline',
      'deploy',
    ];
    expect(
      await runCommand(
        [REPO, ...base, '--input', 'dry-run=false', '--input', 'level=debug', '--ref', 'main'],
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({
      phase: 'Accepted',
      inputs: { 'dry-run': 'false', level: 'debug' },
      runs: [{ pipeline: 'deploy', namespace: RUNTIME }],
    });
    expect(await runCommand([REPO, ...base, '--input', 'dry-run=nope'], io)).toBe(1);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({
      phase: 'Refused',
      reason: expect.stringMatching(/dry-run/),
    });
  });

  it('a forged requester, a forged GitHub login or a service-only field is refused by the apiserver itself', async () => {
    // The policy takes a moment to load after it was created: wait until the forged request is refused.
    let msg = 'created';
    for (let i = 0; i < 300 && msg === 'created'; i++) {
      msg = await refusedByApiserver(forged({ requester: 'someone@pipe.example' }));
      if (msg === 'created') await new Promise((r) => setTimeout(r, 100));
    }
    expect(msg).toMatch(/spec\.requester must be your own user name \(dev@pipe\.example\)/);
    expect(await refusedByApiserver(forged({ requesterLogin: 'octocat' }))).toMatch(
      /requesterLogin must be the GitHub login/,
    );
    expect(await refusedByApiserver(forged({ requesterLogin: undefined }))).toMatch(
      /requesterLogin must be the GitHub login/,
    );
    expect(await refusedByApiserver(forged({ installationId: 42 }))).toMatch(/set only by pipe-events/);
    expect(await refusedByApiserver(forged({ eventName: 'push' }))).toMatch(/only workflow_dispatch/);
  });

  it('a user with read access only is refused with the reason recorded; nothing runs', async () => {
    const before = (await h.runs()).length;
    const state = await dispatch({ repository: OTHER });
    expect(state).toMatchObject({
      phase: 'Refused',
      reason: expect.stringMatching(
        new RegExp(`@${login} may not run pipelines of ${OTHER}: GitHub reports permission \`read\``),
      ),
      runs: [],
    });
    expect((await h.runs()).length).toBe(before);
  });

  it('a repository the user cannot write at all (GitHub: not a collaborator), or a ref that does not exist, is refused', async () => {
    const state = await dispatch({ repository: SECRET });
    expect(state).toMatchObject({ phase: 'Refused', reason: expect.stringMatching(/permission `none`/) });
    const mapped = await dispatch({
      repository: REPO,
      pipeline: 'deploy',
      inputs: { 'dry-run': 'true' },
      ref: 'nope',
    });
    expect(mapped).toMatchObject({
      phase: 'Refused',
      reason: expect.stringMatching(/has no branch, tag or commit `nope`/),
    });
  });

  it.each([
    [{ 'dry-run': 'maybe' }, /input `dry-run` must be `true` or `false`, got `maybe`/],
    [{ 'dry-run': 'true', replicas: 'many' }, /input `replicas` must be a number/],
    [{ 'dry-run': 'true', level: 'trace' }, /must be one of info, debug/],
    [{ 'dry-run': 'true', lvl: 'debug' }, /unknown input `lvl` — did you mean `level`\?/],
    [{}, /required input `dry-run` was not given/],
  ])('inputs %j are refused: %s', async (inputs, reason) => {
    const before = (await h.runs()).length;
    const state = await dispatch({ repository: REPO, pipeline: 'deploy', inputs });
    expect(state).toMatchObject({ phase: 'Refused', reason: expect.stringMatching(reason), runs: [] });
    expect((await h.runs()).length).toBe(before);
  });

  it('signed in with a password (no GitHub login): the policy lets the object in, pipe-events refuses it and says why', async () => {
    const tokens = await dexPasswordGrant(info);
    const passwordUser = NodeKubeClient.fromFile(writeTokenKubeconfig('password.kubeconfig', tokens.idToken));
    try {
      const created = await createDispatch(passwordUser, { repository: REPO, namespace: EVENTS });
      expect(created.identity).toEqual({ username: info.dex.user.email });
      const state = await waitForVerdict(passwordUser, created.namespace, created.name, {
        signal: AbortSignal.timeout(60_000),
        intervalMs: 200,
      });
      expect(state).toMatchObject({
        phase: 'Refused',
        reason: expect.stringMatching(/no GitHub login for dev@pipe\.example/),
      });
      // Claiming a login without one is refused by the apiserver (once it has loaded the policy).
      const claim = () =>
        passwordUser
          .request(`/apis/pipe.linecorp.com/v1alpha1/namespaces/${EVENTS}/githubevents`, {
            method: 'POST',
            body: forged({ requesterLogin: login }),
          })
          .then(
            () => 'created',
            (err: Error) => err.message,
          );
      let refusal = await claim();
      for (let i = 0; i < 300 && refusal === 'created'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        refusal = await claim();
      }
      expect(refusal).toMatch(/requesterLogin must be the GitHub login/);
    } finally {
      passwordUser.dispose();
    }
  });

  it('a pipeline without workflow_dispatch, or one that does not exist, is refused by name', async () => {
    expect((await dispatch({ repository: REPO, pipeline: 'build' })).reason).toMatch(
      /pipeline build at main \([0-9a-f]{7}\) does not declare workflow_dispatch/,
    );
    expect((await dispatch({ repository: REPO, pipeline: 'nope' })).reason).toMatch(/no pipeline named nope/);
  });
});
