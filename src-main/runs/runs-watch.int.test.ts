// The run page's detail and the GitHub events view are watched, not polled: against the sandbox's apiservers, a
// change to the run, a new TaskRun, a deleted run and a namespace deleted mid-watch each reach the subscriber.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import type { RequestContext } from '../../src-shared/contract/rpc';
import type { GithubEventsEvent, RunWatchEvent } from '../../src-shared/contract/runs';
import { eventCrdManifest, EVENT_CRD_NAME } from '../../src-service/events-store/event-crd';
import type { KubeClient } from '../../src-node/kube/kube-client';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import { clientFor } from '../clusters/testing/clients';
import { createRunsHandlers } from './runs-handlers';
import { waitUntil } from '../../src-node/testing/wait-until';

const TEKTON = '/apis/tekton.dev/v1/namespaces';
let info: SandboxInfo;
let runtime: KubeClient;
let core: KubeClient;

beforeAll(() => {
  info = readSandboxInfo();
  runtime = clientFor(info.runtime.adminKubeconfig);
  core = clientFor(info.core.adminKubeconfig);
});
afterAll(() => {
  runtime?.dispose();
  core?.dispose();
});

const ctx = { connectionId: 'test' } as RequestContext;

function handlersFor(client: KubeClient) {
  const registry = { handle: () => ({ client }) } as unknown as ClusterRegistry;
  return createRunsHandlers({ registry, batchMs: 10 });
}

/** A run Tekton's controller leaves alone (`PipelineRunPending`), so the test writes its status. */
async function createRun(ns: string, name: string): Promise<void> {
  await runtime.request(`${TEKTON}/${ns}/pipelineruns`, {
    method: 'POST',
    body: {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name },
      spec: {
        status: 'PipelineRunPending',
        pipelineSpec: {
          tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'compile', image: 'alpine' }] } }],
        },
      },
    },
  });
}

function subscribe(ns: string, name: string) {
  const events: RunWatchEvent[] = [];
  const stop = handlersFor(runtime).watchRun(
    { context: 'runtime', namespace: ns, name },
    (e) => (events.push(e), true),
    ctx,
  ) as () => void;
  const lastRun = () => events.flatMap((e) => (e.type === 'run' ? [e.run] : [])).at(-1);
  return { events, stop, lastRun };
}

describe('runs.watchRun against the sandbox', () => {
  it('delivers status changes and new TaskRuns as they happen, then “gone” when the run is deleted', async () => {
    const ns = info.teamNamespace;
    const name = `watch-${Date.now().toString(36)}`;
    await createRun(ns, name);
    const s = subscribe(ns, name);
    try {
      await waitUntil(() => s.lastRun(), 'the first snapshot');
      // Metadata only: Tekton's controller (when the sandbox runs it) rewrites a pending run's status.
      await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'pipe.linecorp.com/repository': 'acme/app' } } },
      });
      await waitUntil(
        () => (s.lastRun()?.meta.repository === 'acme/app' ? true : undefined),
        'the changed run',
      );
      await runtime.request(`${TEKTON}/${ns}/taskruns`, {
        method: 'POST',
        body: {
          apiVersion: 'tekton.dev/v1',
          kind: 'TaskRun',
          metadata: {
            name: `${name}-build`,
            labels: { 'tekton.dev/pipelineRun': name, 'tekton.dev/pipelineTask': 'build' },
          },
          spec: { status: 'TaskRunPending', taskSpec: { steps: [{ name: 'compile', image: 'alpine' }] } },
        },
      });
      await waitUntil(
        () =>
          s.lastRun()?.tasks.find((t) => t.name === 'build')?.taskRun === `${name}-build` ? true : undefined,
        'the new TaskRun',
      );
      await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' });
      const gone = await waitUntil(() => s.events.find((e) => e.type === 'gone'), 'the gone event');
      expect(gone).toMatchObject({ type: 'gone', message: expect.stringContaining('does not exist') });
    } finally {
      s.stop();
      await runtime
        .request(`${TEKTON}/${ns}/taskruns/${name}-build`, { method: 'DELETE' })
        .catch(() => undefined);
    }
  });

  it('says the run is gone when its namespace is deleted mid-watch', async () => {
    const ns = `watch-ns-${Date.now().toString(36)}`;
    await runtime.request('/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
    const name = 'doomed';
    await createRun(ns, name);
    const s = subscribe(ns, name);
    try {
      await waitUntil(() => s.lastRun(), 'the first snapshot');
      // The sandbox has no namespace controller: do what it does — delete the contents, then drop the finalizer.
      await runtime.request(`/api/v1/namespaces/${ns}`, { method: 'DELETE' });
      await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' });
      await runtime.request(`/api/v1/namespaces/${ns}/finalize`, {
        method: 'PUT',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: [] } },
      });
      const gone = await waitUntil(() => s.events.find((e) => e.type === 'gone'), 'the gone event', 60_000);
      expect(gone.type).toBe('gone');
    } finally {
      s.stop();
    }
  });

  it('says so for a run that does not exist, and shows it once it is created', async () => {
    const ns = info.teamNamespace;
    const name = `later-${Date.now().toString(36)}`;
    const s = subscribe(ns, name);
    try {
      await waitUntil(() => s.events.find((e) => e.type === 'gone'), 'the gone event');
      await createRun(ns, name);
      const run = await waitUntil(() => s.lastRun(), 'the run');
      expect(run).toMatchObject({ name, namespace: ns, meta: { trigger: 'manual' } });
    } finally {
      s.stop();
      await runtime
        .request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' })
        .catch(() => undefined);
    }
  });
});

describe('runs.watchEvents against the sandbox core', () => {
  it('reports a missing CRD, then lists and follows GitHubEvent objects with their explanations and runs', async () => {
    const ns = `events-${Date.now().toString(36)}`;
    const events: GithubEventsEvent[] = [];
    const installed = await core
      .request(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${EVENT_CRD_NAME}`)
      .then(
        () => true,
        () => false,
      );
    let stop: (() => void) | undefined;
    if (!installed) {
      stop = handlersFor(core).watchEvents(
        { context: 'core', namespace: ns },
        (e) => (events.push(e), true),
        ctx,
      ) as () => void;
      const problem = await waitUntil(
        () => events.find((e) => e.type === 'problem'),
        'the missing-CRD problem',
      );
      expect(problem).toMatchObject({ message: expect.stringContaining('pipe-events is not installed') });
      stop?.();
      await core
        .request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
          method: 'POST',
          body: eventCrdManifest(),
        })
        .catch((err: { status?: number }) => {
          if (err.status !== 409) throw err;
        });
    }
    await core.request('/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
    const path = `/apis/pipe.linecorp.com/v1alpha1/namespaces/${ns}/githubevents`;
    // The CRD needs a moment to be served after it is created.
    for (let i = 0; ; i++) {
      const ok = await core.request(path).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (i > 400) throw new Error('GitHubEvent CRD not served');
      await new Promise((r) => setTimeout(r, 50));
    }
    const latest = () => events.flatMap((e) => (e.type === 'events' ? [e.events] : [])).at(-1);
    events.length = 0;
    stop = handlersFor(core).watchEvents(
      { context: 'core', namespace: ns },
      (e) => (events.push(e), true),
      ctx,
    ) as () => void;
    try {
      await waitUntil(() => latest(), 'the empty list');
      expect(latest()).toEqual([]);
      await core.request(path, {
        method: 'POST',
        body: {
          apiVersion: 'pipe.linecorp.com/v1alpha1',
          kind: 'GitHubEvent',
          metadata: { name: 'sha256-abc' },
          spec: {
            deliveryId: 'd-1',
            eventName: 'push',
            repository: 'acme/app',
            ref: 'refs/heads/main',
            sha: 'c0ffee',
            receivedAt: new Date().toISOString(),
            event: { kind: 'push', repository: 'acme/app', sender: 'octocat' },
          },
        },
      });
      const row = await waitUntil(() => latest()?.find((e) => e.deliveryId === 'd-1'), 'the new event');
      expect(row).toMatchObject({ event: 'push', repository: 'acme/app', sender: 'octocat' });
      await core.request(`${path}/sha256-abc/status`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            phase: 'Succeeded',
            explanations: [
              {
                pipeline: 'ci',
                file: '.pipe/ci.yaml',
                matched: true,
                explanation: 'push to main matches branches: [main]',
              },
              { pipeline: 'cd', file: '.pipe/cd.yaml', matched: false, explanation: 'cd runs on tags only' },
            ],
            runs: [
              { pipeline: 'ci', cluster: 'local-1', namespace: 'team-a', name: 'ci-abc', created: true },
            ],
            errors: [
              { kind: 'invalid-file', file: '.pipe/build.yaml', line: 12, message: 'unknown field "stpes"' },
            ],
          },
        },
      });
      const done = await waitUntil(
        () => latest()?.find((e) => e.deliveryId === 'd-1' && e.phase === 'Succeeded'),
        'the status',
      );
      expect(done.explanations.map((x) => [x.pipeline, x.matched])).toEqual([
        ['ci', true],
        ['cd', false],
      ]);
      expect(done.runs).toEqual([
        { pipeline: 'ci', cluster: 'local-1', namespace: 'team-a', name: 'ci-abc' },
      ]);
      expect(done.errors).toEqual([{ file: '.pipe/build.yaml', line: 12, message: 'unknown field "stpes"' }]);
    } finally {
      stop?.();
      await core.request(`/api/v1/namespaces/${ns}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });
});
