// Failure details on GitHub (issue 14) against Tekton's real controller on kwok: a failed run's check run (GitHub App)
// and, when reporting with commit statuses, a PR comment name the failed task and step, the reason and the step's last
// log lines — with the value of the Secret the step reads masked, also in base64.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, waitForKwokLogs, writePodLogs, type Sandbox } from '../sandbox/index';
import { pipelineRunName } from '../src-shared/events/template';
import { isKubeError } from '../src-node/kube/kube-errors';
import { branchPush, postDelivery, pullRequestPayload, signedDelivery } from './testing/deliveries';
import { startFakeGithub, type FakeGithub } from './testing/fake-github';
import { startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

const SECRET_VALUE = 'tkn-9f8e7d6c5b4a-very-secret';
const FAIL_ANNOTATION = 'sandbox.pipe.linecorp.com/fail';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ tektonController: true, seed: false });
}, 240_000);
afterAll(async () => {
  await sandbox?.stop();
}, 60_000);

/** A Pipeline whose `test` task fails in its first step `unit`, which reads a Secret into its environment. */
function failingPipeline(on: string): string {
  return `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  annotations:
    pipe.linecorp.com/event: |
      ${on.split('\n').join('\n      ')}
spec:
  tasks:
    - name: build
      taskSpec:
        steps:
          - name: compile
            image: alpine:3.20
            script: echo compiling
    - name: test
      runAfter: [build]
      taskSpec:
        metadata:
          annotations:
            ${FAIL_ANNOTATION}: "true"
        steps:
          - name: unit
            image: alpine:3.20
            env:
              - name: API_TOKEN
                valueFrom:
                  secretKeyRef: { name: ci-secrets, key: token }
            script: ./run-tests.sh
          - name: report
            image: alpine:3.20
            script: echo report
`;
}

/** The runtime namespace gets Tekton's service account and the Secret the step reads. */
async function prepareNamespace(h: Harness): Promise<void> {
  for (const body of [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ci-secrets' },
      stringData: { token: SECRET_VALUE },
    },
  ]) {
    const plural = body.kind === 'Secret' ? 'secrets' : 'serviceaccounts';
    await h.runtime
      .request('POST', `/api/v1/namespaces/${h.runtimeNamespace}/${plural}`, { body })
      .catch((err: unknown) => {
        if (!isKubeError(err, 'AlreadyExists')) throw err;
      });
  }
}

/** 80 log lines for the failing step; the secret appears plainly, in base64 and mid-line. */
function stepLog(): string[] {
  return Array.from({ length: 80 }, (_, i) =>
    i === 70
      ? `+ curl -H "Authorization: Bearer ${SECRET_VALUE}" https://registry.example`
      : i === 75
        ? `auth=${Buffer.from(SECRET_VALUE).toString('base64')}`
        : `test output line ${i}`,
  );
}

function expectDetails(text: string, runName: string, ns: string): void {
  expect(text).toContain('**Task `test`, step `unit`:** `exited with code 1`');
  expect(text).toContain('Last 50 lines of the step');
  expect(text).toContain('test output line 79');
  expect(text).toContain('test output line 30');
  expect(text).not.toContain('test output line 29\n');
  expect(text).toContain('+ curl -H "Authorization: Bearer ***" https://registry.example');
  expect(text).toContain('auth=***');
  expect(text).not.toContain(SECRET_VALUE);
  expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  expect(text).toContain(`pipe-desktop://runs/default/${ns}/${runName}`);
}

describe('failure details on GitHub (Tekton controller on kwok)', () => {
  it('a failed run → check run names task, step and exit code, with the last 50 log lines and no secret value', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const gh: FakeGithub = await startFakeGithub({
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
      await prepareNamespace(h);
      const repo = gh.repo(h.repository);
      const before = repo.commit({ 'README.md': 'a' });
      const after = repo.commit({
        'README.md': 'b',
        '.pipe/ci.yaml': failingPipeline('push:\n  branches: [main]'),
      });
      const id = randomUUID();
      const run = pipelineRunName('ci', id);
      // The log exists before the pod does, and kwok knows it before the run starts: pipe-events reads the step's
      // tail as soon as the run fails, 1 s after the pod runs, and must not get kwok's default line.
      await writePodLogs(sandbox, h.runtimeNamespace, `${run}-test-pod`, stepLog());
      await waitForKwokLogs(sandbox, h.runtimeNamespace);
      const d = signedDelivery(
        h.secret,
        'push',
        branchPush({ repository: h.repository, before, after, installationId: 99 }),
        { id },
      );
      expect((await postDelivery(h.webhookUrl, d)).status).toBe(202);

      const check = await waitUntil(
        () => gh.records.checkRuns.find((c) => c.head_sha === after && c.conclusion === 'failure'),
        'the failed check run',
        150_000,
      );
      const output = check.output as { title: string; summary: string; text?: string };
      expect(output.title).toBe('Failed: task test, step unit: exited with code 1');
      expectDetails(output.text ?? '', run, h.runtimeNamespace);
      expect(JSON.stringify(check)).not.toContain(SECRET_VALUE);
    } finally {
      await h.stop();
      await gh.dispose();
    }
  }, 200_000);

  it('reporting with commit statuses: the failure status names the step and one PR comment carries the details', async () => {
    const h = await startHarness({ sandbox });
    try {
      await prepareNamespace(h);
      const repo = h.gh.repo(h.repository);
      const base = repo.commit({ 'README.md': 'a' });
      const head = repo.commit({
        'README.md': 'b',
        '.pipe/ci.yaml': failingPipeline('pull_request:\n  branches: [main]'),
      });
      const id = randomUUID();
      const run = pipelineRunName('ci', id);
      await writePodLogs(sandbox, h.runtimeNamespace, `${run}-test-pod`, stepLog());
      await waitForKwokLogs(sandbox, h.runtimeNamespace);
      const payload = pullRequestPayload({
        repository: h.repository,
        number: 7,
        baseSha: base,
        headSha: head,
      });
      expect(
        (await postDelivery(h.webhookUrl, signedDelivery(h.secret, 'pull_request', payload, { id }))).status,
      ).toBe(202);

      const status = await waitUntil(
        () => h.gh.records.statuses.find((s) => s.sha === head && s.state === 'failure'),
        'the failure status',
        150_000,
      );
      expect(status.description).toBe('Failed: task test, step unit: exited with code 1');
      const comment = await waitUntil(
        () => h.gh.records.comments.find((c) => c.issue === 7 && c.body.includes('pipe-events:run-failure')),
        'the failure comment',
      );
      expectDetails(comment.body, run, h.runtimeNamespace);
      expect(
        h.gh.records.comments.filter((c) => c.issue === 7 && c.body.includes('pipe-events:run-failure')),
      ).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 200_000);
});
