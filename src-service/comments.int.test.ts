// PR comment commands against the sandbox (issue 14): /ok-to-test approves an untrusted fork PR (base-branch definitions),
// /retest re-runs only failed pipelines, strangers are refused with a reaction and a reply, redeliveries do nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEventObject } from './events-store/event-types';
import type { KubeList, PipelineRun } from '../src-node/kube/kube-types';
import { postDelivery, prCommentPayload, pullRequestPayload, signedDelivery } from './testing/deliveries';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, writeRunStatus, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: sandboxFromEnv() });
});
afterAll(() => h?.stop());

const ON_PR = 'pull_request:\n  branches: [main]';
const PR = 31;

async function outcome(deliveryId: string): Promise<GitHubEventObject | undefined> {
  const list = await h.core.request<KubeList<GitHubEventObject>>(
    'GET',
    `/apis/pipe.linecorp.com/v1alpha1/namespaces/${h.eventNamespace}/githubevents`,
  );
  return list.items.find((e) => e.spec.deliveryId === deliveryId && e.status?.phase === 'Succeeded');
}

async function runsFor(sha: string): Promise<PipelineRun[]> {
  return (await h.runs()).filter((r) => r.metadata.annotations?.['pipe.linecorp.com/sha'] === sha);
}

let commentId = 9000;
async function comment(author: string, body: string) {
  const d = signedDelivery(
    h.secret,
    'issue_comment',
    prCommentPayload({ repository: h.repository, number: PR, commentId: ++commentId, author, body }),
  );
  expect((await postDelivery(h.webhookUrl, d)).status).toBe(202);
  return {
    delivery: d,
    commentId,
    obj: await waitUntil(() => outcome(d.id), `the outcome of ${body}`),
  };
}

describe('comment commands on a fork pull request', () => {
  let head = '';
  let base = '';

  it('an untrusted fork PR waits; a stranger’s /ok-to-test is refused with 😕 and a reply', async () => {
    const repo = h.gh.repo(h.repository);
    base = repo.commit({
      '.pipe/build.yaml': buildPipelineYaml({ on: ON_PR, params: ['revision'] }),
      '.pipe/lint.yaml': buildPipelineYaml({ name: 'lint', on: ON_PR, params: ['revision'] }),
    });
    head = repo.commit(
      {
        '.pipe/build.yaml': buildPipelineYaml({ on: ON_PR, params: ['revision'] }).replace(
          'echo building',
          'echo pwned',
        ),
        '.pipe/lint.yaml': buildPipelineYaml({ name: 'lint', on: ON_PR, params: ['revision'] }),
      },
      { branch: 'fork', parents: [base] },
    );
    h.gh.pulls.set(`${h.repository}#${PR}`, { base, head, author: 'mallory', headRepository: 'mallory/app' });
    h.gh.permissions.set(`${h.repository}:maintainer`.toLowerCase(), 'write');
    h.gh.permissions.set(`${h.repository}:reader`.toLowerCase(), 'read');
    const opened = signedDelivery(
      h.secret,
      'pull_request',
      pullRequestPayload({
        repository: h.repository,
        number: PR,
        baseSha: base,
        headSha: head,
        headRepository: 'mallory/app',
        author: 'mallory',
        authorAssociation: 'NONE',
      }),
    );
    await postDelivery(h.webhookUrl, opened);
    await waitUntil(() => outcome(opened.id), 'the PR outcome');

    for (const stranger of ['mallory', 'reader']) {
      const { commentId: id, obj } = await comment(stranger, '/ok-to-test');
      expect(obj.status?.errors?.[0]?.kind).toBe('command-refused');
      expect(h.gh.records.reactions).toContainEqual({
        repo: h.repository,
        commentId: id,
        content: 'confused',
      });
      expect(h.gh.records.comments.at(-1)).toMatchObject({
        issue: PR,
        body: expect.stringMatching(new RegExp(`@${stranger}: /ok-to-test needs write access`)),
      });
    }
    expect(await runsFor(head)).toEqual([]);
  });

  it('/ok-to-test by a maintainer runs the head commit with the base branch definitions; a redelivery does nothing more', async () => {
    const { delivery, commentId: id } = await comment('maintainer', '/ok-to-test');
    expect(h.gh.records.reactions).toContainEqual({ repo: h.repository, commentId: id, content: '+1' });
    const runs = await runsFor(head);
    expect(runs.map((r) => r.metadata.labels?.['pipe.linecorp.com/pipeline']).sort()).toEqual([
      'build',
      'lint',
    ]);
    expect(JSON.stringify(runs)).not.toContain('pwned');
    await postDelivery(h.webhookUrl, delivery);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsFor(head)).toHaveLength(2);
    expect(h.gh.records.reactions.filter((r) => r.commentId === id)).toHaveLength(1);
  });

  it('/retest re-runs only the failed pipeline; /retest from a reader is refused', async () => {
    const runs = await runsFor(head);
    const build = runs.find((r) => r.metadata.labels?.['pipe.linecorp.com/pipeline'] === 'build')!;
    const lint = runs.find((r) => r.metadata.labels?.['pipe.linecorp.com/pipeline'] === 'lint')!;
    await writeRunStatus(h, build.metadata.name, 'False', 'Failed');
    await writeRunStatus(h, lint.metadata.name, 'True', 'Succeeded');
    const refused = await comment('reader', '/retest');
    expect(refused.obj.status?.errors?.[0]?.kind).toBe('command-refused');
    expect(await runsFor(head)).toHaveLength(2);
    const { obj } = await comment('maintainer', '/retest');
    expect(obj.status?.matched).toEqual(['build']);
    const after = await runsFor(head);
    expect(after).toHaveLength(3);
    expect(after.filter((r) => r.metadata.labels?.['pipe.linecorp.com/pipeline'] === 'lint')).toHaveLength(1);
  });
  it('a new push needs a new approval: pending again; /ok-to-test <old sha> is refused; /ok-to-test <new sha> runs it', async () => {
    const repo = h.gh.repo(h.repository);
    const pushed = repo.commit(
      {
        '.pipe/build.yaml': buildPipelineYaml({ on: ON_PR, params: ['revision'] }).replace(
          'echo building',
          'echo pwned again',
        ),
        '.pipe/lint.yaml': buildPipelineYaml({ name: 'lint', on: ON_PR, params: ['revision'] }),
      },
      { branch: 'fork', parents: [head] },
    );
    h.gh.pulls.set(`${h.repository}#${PR}`, {
      base,
      head: pushed,
      author: 'mallory',
      headRepository: 'mallory/app',
    });
    const sync = signedDelivery(
      h.secret,
      'pull_request',
      pullRequestPayload({
        repository: h.repository,
        number: PR,
        baseSha: base,
        headSha: pushed,
        headRepository: 'mallory/app',
        author: 'mallory',
        authorAssociation: 'NONE',
        action: 'synchronize',
      }),
    );
    await postDelivery(h.webhookUrl, sync);
    const synced = await waitUntil(() => outcome(sync.id), 'the push outcome');
    expect(synced.status?.errors?.[0]?.kind).toBe('untrusted-fork');
    expect(h.gh.records.statuses).toContainEqual(
      expect.objectContaining({
        sha: pushed,
        context: 'pipe/fork-approval',
        state: 'pending',
        description: expect.stringMatching(
          new RegExp(`approve ${pushed.slice(0, 7)} with /ok-to-test \\(each push needs a new approval\\)`),
        ),
      }),
    );
    expect(await runsFor(pushed)).toEqual([]);

    const stale = await comment('maintainer', `/ok-to-test ${head.slice(0, 10)}`);
    expect(stale.obj.status?.errors?.[0]?.kind).toBe('approval-stale');
    expect(h.gh.records.reactions).toContainEqual({
      repo: h.repository,
      commentId: stale.commentId,
      content: 'confused',
    });
    expect(h.gh.records.comments.at(-1)?.body).toMatch(new RegExp(`head is now ${pushed.slice(0, 7)}`));
    expect(await runsFor(pushed)).toEqual([]);

    const approved = await comment('maintainer', `/ok-to-test ${pushed.slice(0, 7)}`);
    expect(h.gh.records.reactions).toContainEqual({
      repo: h.repository,
      commentId: approved.commentId,
      content: '+1',
    });
    const runs = await runsFor(pushed);
    expect(runs).toHaveLength(2);
    expect(JSON.stringify(runs)).not.toContain('pwned');
    expect(runs.map((r) => r.spec.params)).toEqual(
      expect.arrayContaining([expect.arrayContaining([{ name: 'revision', value: pushed }])]),
    );
    // The same comment in another delivery with a different body digest: runs are named by comment id → nothing more.
    const again = signedDelivery(
      h.secret,
      'issue_comment',
      prCommentPayload({
        repository: h.repository,
        number: PR,
        commentId: approved.commentId,
        author: 'maintainer',
        body: `/ok-to-test ${pushed.slice(0, 7)}\n`,
      }),
    );
    expect((await postDelivery(h.webhookUrl, again)).status).toBe(202);
    const repeated = await waitUntil(() => outcome(again.id), 'the repeated comment outcome');
    expect(repeated.status?.runs?.map((r) => r.created)).toEqual([false, false]);
    expect(await runsFor(pushed)).toHaveLength(2);
    expect(h.gh.records.reactions.filter((r) => r.commentId === approved.commentId)).toHaveLength(1);
  });
});
