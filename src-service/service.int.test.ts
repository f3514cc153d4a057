// End to end against the sandbox: signed deliveries → GitHubEvent objects → PipelineRuns on the runtime apiserver → GitHub reports.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEventObject } from './events-store/event-types';
import type { KubeList, PipelineRun } from '../src-node/kube/kube-types';
import { branchPush, postDelivery, signedDelivery } from './testing/deliveries';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, writeRunStatus, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';
import { signBody } from './webhook/verify-signature';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    sandbox: sandboxFromEnv(),
    env: { PIPE_EVENTS_MAX_BODY_BYTES: String(256 * 1024) },
  });
});
afterAll(() => h?.stop());

async function events(): Promise<GitHubEventObject[]> {
  return (
    await h.core.request<KubeList<GitHubEventObject>>(
      'GET',
      `/apis/pipe.linecorp.com/v1alpha1/namespaces/${h.eventNamespace}/githubevents`,
    )
  ).items;
}

async function runsFor(sha: string): Promise<PipelineRun[]> {
  return (await h.runs()).filter((r) => r.metadata.annotations?.['pipe.linecorp.com/sha'] === sha);
}

/** Commits `files` on main after a base commit and returns a signed push delivery for it. */
function pushOf(files: Record<string, string>) {
  const repo = h.gh.repo(h.repository);
  const before = repo.refs.get('heads/main') ?? repo.commit({ 'README.md': 'base' });
  const after = repo.commit({ 'README.md': `change ${Math.random()}`, ...files });
  const delivery = signedDelivery(
    h.secret,
    'push',
    branchPush({
      repository: h.repository,
      before,
      after,
      commits: [{ id: after, modified: ['README.md'] }],
    }),
  );
  return { before, after, delivery };
}

describe('pipe-events against the sandbox', () => {
  it('push to main → build PipelineRun with the right params → run completes → commit status and deployment statuses follow', async () => {
    const { after, delivery } = pushOf({
      '.pipe/build.yaml': buildPipelineYaml({
        annotations: { 'pipe.linecorp.com/deploy-environment': 'stage' },
      }),
    });
    const res = await postDelivery(h.webhookUrl, delivery);
    expect(res.status).toBe(202);

    const [run] = await waitUntil(
      async () => ((await runsFor(after)).length === 1 ? runsFor(after) : undefined),
      'the PipelineRun',
    );
    expect(run!.spec.params).toEqual(
      expect.arrayContaining([
        { name: 'revision', value: after },
        { name: 'repo-url', value: `https://github.com/${h.repository}.git` },
      ]),
    );
    expect(run!.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('pipe-events');
    expect(run!.spec.pipelineSpec).toBeDefined();
    const url = `pipe-desktop://runs/default/${h.runtimeNamespace}/${run!.metadata.name}`;

    const obj = await waitUntil(
      async () =>
        (await events()).find((e) => e.spec.deliveryId === delivery.id && e.status?.phase === 'Succeeded'),
      'the event status',
    );
    expect(obj.spec.event).not.toHaveProperty('commits');
    expect(obj.status).toMatchObject({
      matched: ['build'],
      runCount: 1,
      runs: [{ pipeline: 'build', namespace: h.runtimeNamespace, name: run!.metadata.name, created: true }],
    });
    expect(obj.status?.explanations?.[0]?.explanation).toMatch(/main/);

    await waitUntil(
      () =>
        h.gh.records.statuses.some((s) => s.sha === after && s.state === 'pending' && s.target_url === url),
      'a pending commit status',
    );
    await writeRunStatus(h, run!.metadata.name, 'Unknown', 'Running');
    await writeRunStatus(h, run!.metadata.name, 'True', 'Succeeded');
    await waitUntil(
      () =>
        h.gh.records.statuses.some(
          (s) => s.sha === after && s.state === 'success' && s.context === 'pipe/build/push',
        ),
      'a success commit status',
    );

    const deployment = h.gh.records.deployments.find((d) => d.sha === after);
    expect(deployment).toMatchObject({
      environment: 'stage',
      auto_merge: false,
      required_contexts: [],
      payload: { pipe_events: true },
    });
    await waitUntil(
      () =>
        h.gh.records.deploymentStatuses.filter((s) => s.deploymentId === deployment!.id).at(-1)?.state ===
        'success',
      'deployment success',
    );
    expect(
      h.gh.records.deploymentStatuses.filter((s) => s.deploymentId === deployment!.id).map((s) => s.state),
    ).toEqual(['queued', 'in_progress', 'success']);
    expect(h.gh.records.deploymentStatuses.every((s) => s.log_url?.startsWith('pipe-desktop://runs/'))).toBe(
      true,
    );
  });

  it('redelivery (same X-GitHub-Delivery) → 202 and still exactly one run', async () => {
    const { after, delivery } = pushOf({ '.pipe/build.yaml': buildPipelineYaml() });
    const answers = await Promise.all([
      postDelivery(h.webhookUrl, delivery),
      postDelivery(h.webhookUrl, delivery),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    await waitUntil(async () => (await runsFor(after)).length === 1, 'the run');
    const again = await postDelivery(h.webhookUrl, delivery);
    expect(again).toMatchObject({ status: 202, body: { message: 'already recorded' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsFor(after)).toHaveLength(1);
    expect((await events()).filter((e) => e.spec.deliveryId === delivery.id)).toHaveLength(1);
  });

  it('a captured body replayed under a new X-GitHub-Delivery → 202 already recorded, still exactly one run', async () => {
    const { after, delivery } = pushOf({ '.pipe/build.yaml': buildPipelineYaml() });
    expect((await postDelivery(h.webhookUrl, delivery)).status).toBe(202);
    await waitUntil(async () => (await runsFor(after)).length === 1, 'the run');
    const replayId = randomUUID();
    const replay = await postDelivery(h.webhookUrl, {
      headers: { ...delivery.headers, 'x-github-delivery': replayId },
      body: delivery.body,
    });
    expect(replay).toMatchObject({ status: 202, body: { message: 'already recorded' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsFor(after)).toHaveLength(1);
    expect((await events()).filter((e) => e.spec.deliveryId === replayId)).toHaveLength(0);
  });

  it('bad signature → 401, oversized body → 413, malformed JSON → 400: nothing recorded or created', async () => {
    const before = (await events()).length;
    const runsBefore = (await h.runs()).length;
    const { delivery } = pushOf({ '.pipe/build.yaml': buildPipelineYaml() });
    expect(
      (
        await postDelivery(h.webhookUrl, {
          headers: { ...delivery.headers, 'x-hub-signature-256': signBody('wrong', delivery.body) },
          body: delivery.body,
        })
      ).status,
    ).toBe(401);
    const { 'x-hub-signature-256': _sig, ...unsigned } = delivery.headers;
    expect((await postDelivery(h.webhookUrl, { headers: unsigned, body: delivery.body })).status).toBe(401);
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    expect(
      (
        await postDelivery(h.webhookUrl, {
          headers: { ...delivery.headers, 'x-hub-signature-256': signBody(h.secret, big) },
          body: big,
        })
      ).status,
    ).toBe(413);
    const broken = Buffer.from('{"ref": "refs/heads/main",');
    expect(
      (
        await postDelivery(h.webhookUrl, {
          headers: { ...delivery.headers, 'x-hub-signature-256': signBody(h.secret, broken) },
          body: broken,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await postDelivery(h.webhookUrl, {
          headers: { ...delivery.headers, 'content-type': 'text/xml' },
          body: delivery.body,
        })
      ).status,
    ).toBe(415);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await events()).length).toBe(before);
    expect((await h.runs()).length).toBe(runsBefore);
    expect((await fetch(h.webhookUrl.replace('/webhook', '/metrics'))).status).toBe(404);
    const metrics = await (await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/pipe_events_deliveries_rejected_total\{reason="signature"\} 1/);
    expect(metrics).toMatch(/pipe_events_deliveries_rejected_total\{reason="body-too-large"\} 1/);
  });

  it('invalid pipeline YAML → reported with file and line; the valid pipeline still runs', async () => {
    const broken =
      'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: broken\n  annotations:\n    pipe.linecorp.com/event: |\n      push:\n        branches: [main\n';
    const { after, delivery } = pushOf({
      '.pipe/build.yaml': buildPipelineYaml(),
      '.pipe/broken.yaml': broken,
    });
    expect((await postDelivery(h.webhookUrl, delivery)).status).toBe(202);
    await waitUntil(async () => (await runsFor(after)).length === 1, 'the valid run');
    const status = await waitUntil(
      () =>
        h.gh.records.statuses.find((s) => s.sha === after && s.context === 'pipe/invalid/.pipe/broken.yaml'),
      'the invalid-file status',
    );
    expect(status.state).toBe('error');
    expect(status.description).toMatch(/^\.pipe\/broken\.yaml:\d+: /);
    // Event status writes are queued off the workers' path: the commit status can be seen before them.
    const obj = await waitUntil(
      async () => (await events()).find((e) => e.spec.deliveryId === delivery.id && e.status?.errors?.length),
      'the event status with the file error',
    );
    expect(obj.status?.errors?.[0]).toMatchObject({ kind: 'pipeline-file', file: '.pipe/broken.yaml' });
  });

  it('an invalid annotation names its line; an unmapped repository creates nothing', async () => {
    const bad = buildPipelineYaml({
      name: 'bad-glob',
      on: 'push:\n  branches: [main]\n  paths: [src/**]\n  paths-ignore: [docs/**]',
    });
    const { after, delivery } = pushOf({ '.pipe/bad.yaml': bad });
    await postDelivery(h.webhookUrl, delivery);
    const status = await waitUntil(
      () => h.gh.records.statuses.find((s) => s.sha === after && s.context === 'pipe/invalid/.pipe/bad.yaml'),
      'status',
    );
    expect(status.description).toMatch(/^\.pipe\/bad\.yaml:10: .*paths/);
    expect(await runsFor(after)).toHaveLength(0);

    const other = signedDelivery(
      h.secret,
      'push',
      branchPush({ repository: 'someone/else', before: 'a'.repeat(40), after: 'b'.repeat(40) }),
    );
    expect((await postDelivery(h.webhookUrl, other)).status).toBe(202);
    const obj = await waitUntil(
      async () =>
        (await events()).find((e) => e.spec.deliveryId === other.id && e.status?.phase === 'Succeeded'),
      'unmapped event',
    );
    expect(obj.status?.message).toMatch(/no runtime namespace is mapped/);
  });

  it("a runtime namespace annotated with pipe.linecorp.com/repository receives that repository's runs", async () => {
    const ns = `${h.runtimeNamespace}-ann`;
    await h.runtime.request('POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, annotations: { 'pipe.linecorp.com/repository': 'acme/other, acme/annotated' } },
      },
    });
    const repo = h.gh.repo('acme/annotated');
    const before = repo.commit({ 'README.md': 'a' });
    const after = repo.commit({ 'README.md': 'b', '.pipe/build.yaml': buildPipelineYaml() });
    const delivery = signedDelivery(
      h.secret,
      'push',
      branchPush({ repository: 'acme/annotated', before, after }),
    );
    await waitUntil(
      async () => (await postDelivery(h.webhookUrl, delivery)).status === 202,
      'accepted',
      5_000,
    );
    const runs = await waitUntil(async () => {
      const list = await h.runtime.request<KubeList<PipelineRun>>(
        'GET',
        `/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`,
      );
      return list.items.length === 1 ? list.items : undefined;
    }, 'a run in the annotated namespace');
    expect(runs[0]!.metadata.annotations?.['pipe.linecorp.com/sha']).toBe(after);
  });
});
