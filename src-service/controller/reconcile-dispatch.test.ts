// The service's own checks of a manual dispatch, behind the apiserver's policy (which a misconfigured install may lack),
// against the fake GitHub; created runs are captured instead of sent to a cluster (the sandbox test sends them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEventObject } from '../events-store/event-types';
import { GitHubApi } from '../github/github-api';
import { createGitHubHttp } from '../github/github-http';
import { PipelineSource } from '../github/pipeline-source';
import { StaticTokenProvider } from '../github/token-provider';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import type { RepositoryTargets } from '../runtime/repository-targets';
import type { RuntimeClusters } from '../runtime/runtime-clusters';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { buildPipelineYaml } from '../testing/pipelines';
import { reconcileEvent, type ReconcileDeps } from './reconcile-event';

let gh: FakeGithub;
const created: {
  path: string;
  body: { metadata: { name: string }; spec: { params: { name: string; value: string }[] } };
}[] = [];
let deps: ReconcileDeps;

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: ['t'] });
  const metrics = createServiceMetrics();
  const api = new GitHubApi(
    createGitHubHttp({ baseUrl: gh.url, metrics, logger: silentLogger, maxWaitMs: 0 }),
    new StaticTokenProvider('t'),
  );
  gh.repo('acme/app').commit({
    '.pipe/a.yaml': buildPipelineYaml({
      name: 'a',
      on: 'workflow_dispatch:\n  inputs:\n    level: { default: info }\n    flag: { type: boolean, default: false }',
      params: ['level', 'flag'],
    }),
    '.pipe/b.yaml': buildPipelineYaml({
      name: 'b',
      on: 'workflow_dispatch:\n  inputs:\n    level: { default: warn }\n    count: { type: number, required: true }',
      params: ['level', 'count', 'sender'],
    }),
    '.pipe/push.yaml': buildPipelineYaml({ name: 'push-only' }),
  });
  gh.permissions.set('acme/app:octocat', 'admin');
  const client = {
    request: async (_m: string, path: string, opts: { body: (typeof created)[0]['body'] }) => {
      created.push({ path, body: opts.body });
      return opts.body;
    },
  };
  deps = {
    api,
    source: new PipelineSource(api, { folders: ['.pipe'], maxFileBytes: 100_000 }),
    targets: {
      resolve: () => ({ cluster: 'default', namespace: 'ci', concurrencyLimit: 0 }),
    } as unknown as RepositoryTargets,
    clusters: { get: () => client } as unknown as RuntimeClusters,
    metrics,
    embedSpec: true,
    instance: 'test',
    reportWith: 'statuses',
    contextPrefix: 'pipe',
    forks: { trustedUsers: [], trustedAssociations: [], definitionsFrom: 'base' },
  };
});
afterAll(() => gh.dispose());

/** A person's dispatch object; `spec` may hold anything (hostile input). */
function dispatchEvent(spec: Record<string, unknown>): GitHubEventObject {
  return {
    apiVersion: 'pipe.linecorp.com/v1alpha1',
    kind: 'GitHubEvent',
    metadata: { name: `dispatch-${Math.random().toString(36).slice(2)}`, namespace: 'pipe-system' },
    spec: {
      deliveryId: `dispatch-${Math.random().toString(36).slice(2)}`,
      eventName: 'workflow_dispatch',
      repository: 'acme/app',
      receivedAt: new Date().toISOString(),
      requester: 'octo@example.com',
      requesterLogin: 'octocat',
      // A person may write anything here; it must never be used.
      event: {
        name: 'push',
        repository: { fullName: 'evil/repo' },
      } as unknown as GitHubEventObject['spec']['event'],
      ...spec,
    },
  } as GitHubEventObject;
}

describe('manual dispatch in pipe-events', () => {
  it.each([
    [{ installationId: 7 }, /spec\.installationId may only be set by pipe-events/],
    [{ comment: { id: 1, author: 'x' } }, /spec\.comment may only be set by pipe-events/],
    [{ eventName: 'push' }, /only workflow_dispatch/],
    [{ requesterLogin: undefined }, /no GitHub login for octo@example\.com/],
    [{ requesterLogin: 'bad login' }, /no GitHub login/],
    [{ repository: '../etc' }, /owner\/name/],
    [{ ref: 'main..x' }, /is not a branch, tag ref or commit SHA/],
    [{ ref: 'refs/heads/\nx' }, /is not a branch/],
    [{ ref: 42 }, /spec\.ref must be a string/],
    [{ dispatch: ['x'] }, /spec\.dispatch must be a map/],
    [{ dispatch: { inputs: 'a=1' } }, /spec\.dispatch\.inputs must be a map/],
    [{ dispatch: { pipeline: { $ne: 1 } } }, /spec\.dispatch\.pipeline must be a pipeline name/],
    [{ repository: { owner: 'acme' } }, /owner\/name/],
  ])('refuses %j before asking GitHub anything', async (spec, reason) => {
    const before = gh.records.requests.length;
    const status = await reconcileEvent(dispatchEvent(spec), deps, silentLogger);
    expect(status.verdict).toMatchObject({ decision: 'Refused', reason: expect.stringMatching(reason) });
    expect(status.errors).toEqual([expect.objectContaining({ kind: 'dispatch-refused' })]);
    expect(gh.records.requests.length).toBe(before);
  });

  it('without a pipeline: every dispatchable pipeline runs with its own inputs and defaults', async () => {
    created.length = 0;
    const status = await reconcileEvent(
      dispatchEvent({ dispatch: { inputs: { count: '2', flag: 'true' } } }),
      deps,
      silentLogger,
    );
    expect(status.verdict).toMatchObject({ decision: 'Accepted', login: 'octocat' });
    expect(status.matched).toEqual(['a', 'b']);
    const params = Object.fromEntries(
      created.map((c) => [c.body.metadata.name.split('-')[0], c.body.spec.params]),
    );
    expect(params.a).toEqual(
      expect.arrayContaining([
        { name: 'level', value: 'info' },
        { name: 'flag', value: 'true' },
      ]),
    );
    expect(params.b).toEqual(
      expect.arrayContaining([
        { name: 'level', value: 'warn' },
        { name: 'count', value: '2' },
        { name: 'sender', value: 'octocat' },
      ]),
    );
    expect(created.every((c) => c.path === '/apis/tekton.dev/v1/namespaces/ci/pipelineruns')).toBe(true);
  });

  it('without a pipeline: an input no pipeline declares, or one pipeline refusing, refuses the whole dispatch', async () => {
    created.length = 0;
    const unknown = await reconcileEvent(
      dispatchEvent({ dispatch: { inputs: { count: '1', colour: 'red' } } }),
      deps,
      silentLogger,
    );
    expect(unknown.verdict?.reason).toMatch(/unknown input `colour` \(no dispatched pipeline declares it\)/);
    const missing = await reconcileEvent(dispatchEvent({ dispatch: { inputs: {} } }), deps, silentLogger);
    expect(missing.verdict?.reason).toMatch(/b: required input `count` was not given/);
    expect(created).toEqual([]);
  });
});
