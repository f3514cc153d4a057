// Concurrency against the sandbox: per-repository limit (Pending → released in order) together with cancel-in-progress; check runs with a GitHub App.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRun } from '../src-node/kube/kube-types';
import { branchPush, postDelivery, signedDelivery } from './testing/deliveries';
import { startFakeGithub } from './testing/fake-github';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, writeRunStatus, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

const sandbox = sandboxFromEnv();

/** Completes a run as Tekton would, successfully or not. */
const finish = (h: Harness, name: string, ok = true): Promise<void> =>
  writeRunStatus(h, name, ok ? 'True' : 'False', ok ? 'Succeeded' : 'Failed');

const byQueue = (runs: PipelineRun[]) =>
  [...runs].sort((a, b) =>
    a.metadata.annotations!['pipe.linecorp.com/queued-at']! <
    b.metadata.annotations!['pipe.linecorp.com/queued-at']!
      ? -1
      : 1,
  );
const stateOf = (r: PipelineRun) =>
  r.spec.status ?? (r.status?.conditions?.[0]?.status === 'True' ? 'done' : 'running');

describe('concurrency limit + cancel-in-progress', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox, concurrencyLimit: 1 });
  });
  afterAll(() => h?.stop());

  it('queues runs Pending, releases them in order as slots free, and cancels superseded runs of the same branch', async () => {
    const repo = h.gh.repo(h.repository);
    let prev = repo.commit({ 'README.md': 'base' });
    const files = {
      '.pipe/build.yaml': buildPipelineYaml({ name: 'build' }),
      '.pipe/deploy.yaml': buildPipelineYaml({
        name: 'deploy',
        annotations: { 'pipe.linecorp.com/cancel-in-progress': 'true' },
      }),
    };
    const shas: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = repo.commit({ ...files, 'README.md': `v${i}` });
      shas.push(next);
      const d = signedDelivery(
        h.secret,
        'push',
        branchPush({ repository: h.repository, before: prev, after: next }),
      );
      expect((await postDelivery(h.webhookUrl, d)).status).toBe(202);
      prev = next;
      // Queue order is receipt order among runs that exist; wait for this push's runs so the test is deterministic.
      await waitUntil(
        async () =>
          (await h.runs()).filter((r) => r.metadata.annotations?.['pipe.linecorp.com/sha'] === next)
            .length === 2,
        `runs of push ${i}`,
      );
    }
    // 3 builds + 3 deploys; the limit lets one run; deploys of the first two pushes are superseded by the third.
    const runs = await waitUntil(async () => {
      const all = await h.runs();
      const deploys = all.filter((r) => r.metadata.labels?.['pipe.linecorp.com/pipeline'] === 'deploy');
      return all.length === 6 && deploys.filter((r) => r.spec.status === 'Cancelled').length === 2
        ? all
        : undefined;
    }, 'six runs with two cancelled deploys');
    const running = runs.filter((r) => stateOf(r) === 'running');
    expect(running).toHaveLength(1);
    expect(running[0]!.metadata.annotations?.['pipe.linecorp.com/sha']).toBe(shas[0]);

    // Finish runs one by one: each completion releases exactly the next pending run in queue order.
    const order: string[] = [];
    for (let step = 0; step < 4; step++) {
      const current = await waitUntil(async () => {
        const live = (await h.runs()).filter((r) => stateOf(r) === 'running');
        return live.length === 1 ? live[0] : undefined;
      }, `one running run at step ${step}`);
      expect((await h.runs()).filter((r) => stateOf(r) === 'running')).toHaveLength(1);
      order.push(
        `${current.metadata.labels?.['pipe.linecorp.com/pipeline']}@${shas.indexOf(current.metadata.annotations!['pipe.linecorp.com/sha']!)}`,
      );
      await finish(h, current.metadata.name);
    }
    expect(order).toEqual(['build@0', 'build@1', 'build@2', 'deploy@2']);
    const final = byQueue(await h.runs());
    expect(final.filter((r) => r.spec.status === 'PipelineRunPending')).toHaveLength(0);
    const cancelledStatuses = h.gh.records.statuses.filter(
      (s) => s.context === 'pipe/deploy/push' && s.state === 'error',
    );
    expect(cancelledStatuses.length).toBe(0); // cancelled runs report once Tekton marks them finished (no Tekton controller here)
  });
});

describe('GitHub App mode', () => {
  it('authenticates with a JWT → installation token and reports with check runs', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const gh = await startFakeGithub({
      appId: '4242',
      appPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const h = await startHarness({
      sandbox,
      gh,
      env: {
        PIPE_EVENTS_GITHUB_TOKEN: '',
        PIPE_EVENTS_GITHUB_APP_ID: '4242',
        PIPE_EVENTS_GITHUB_PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
        PIPE_EVENTS_GITHUB_API_URL: gh.url,
      },
    });
    try {
      const repo = gh.repo(h.repository);
      const before = repo.commit({ 'README.md': 'a' });
      const after = repo.commit({ 'README.md': 'b', '.pipe/build.yaml': buildPipelineYaml() });
      const d = signedDelivery(
        h.secret,
        'push',
        branchPush({ repository: h.repository, before, after, installationId: 99 }),
      );
      expect((await postDelivery(h.webhookUrl, d)).status).toBe(202);
      const [run] = await waitUntil(async () => ((await h.runs()).length ? h.runs() : undefined), 'run');
      await waitUntil(() => gh.records.checkRuns.find((c) => c.head_sha === after), 'check run');
      await finish(h, run!.metadata.name, false);
      const check = await waitUntil(
        () => gh.records.checkRuns.find((c) => c.head_sha === after && c.conclusion === 'failure'),
        'failed check run',
      );
      expect(check).toMatchObject({
        name: 'pipe/build/push',
        details_url: `pipe-desktop://runs/default/${h.runtimeNamespace}/${run!.metadata.name}`,
      });
      // The delivery's installation (99) is used for its work; the schedule reader looks the repository's up (4242).
      expect(gh.records.installationTokens.map((t) => t.installationId)).toContain(99);
      expect(
        gh.records.installationTokens.every((t) => t.installationId === 99 || t.installationId === 4242),
      ).toBe(true);
      expect(gh.records.statuses).toHaveLength(0);
    } finally {
      await h.stop();
      await gh.dispose();
    }
  });
});
