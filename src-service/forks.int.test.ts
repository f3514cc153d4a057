// Fork pull requests against the sandbox (issue 9 item 2): an untrusted fork runs nothing and says why; a trusted one runs the base branch's definitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEventObject } from './events-store/event-types';
import type { KubeList, PipelineRun } from '../src-node/kube/kube-types';
import { postDelivery, pullRequestPayload, signedDelivery } from './testing/deliveries';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    sandbox: sandboxFromEnv(),
    env: { PIPE_EVENTS_FORK_TRUSTED_USERS: 'friend-of-acme' },
  });
});
afterAll(() => h?.stop());

const ON_PR = 'pull_request:\n  branches: [main]';

async function eventOf(deliveryId: string): Promise<GitHubEventObject | undefined> {
  const list = await h.core.request<KubeList<GitHubEventObject>>(
    'GET',
    `/apis/pipe.linecorp.com/v1alpha1/namespaces/${h.eventNamespace}/githubevents`,
  );
  return list.items.find((e) => e.spec.deliveryId === deliveryId && e.status?.phase === 'Succeeded');
}

async function runsFor(sha: string): Promise<PipelineRun[]> {
  return (await h.runs()).filter((r) => r.metadata.annotations?.['pipe.linecorp.com/sha'] === sha);
}

/** main holds the trusted pipeline; the fork's head rewrites it and adds another one. */
function forkedPullRequest(n: number, author: string, association: string) {
  const repo = h.gh.repo(h.repository);
  const base = repo.commit({
    'README.md': `base ${n}`,
    '.pipe/build.yaml': buildPipelineYaml({ on: ON_PR, params: ['revision'] }),
  });
  const head = repo.commit(
    {
      'README.md': `fork ${n}`,
      '.pipe/build.yaml': buildPipelineYaml({ on: ON_PR, params: ['revision'] }).replace(
        'echo building',
        'cat /var/run/secrets/* # pwned',
      ),
      '.pipe/evil.yaml': buildPipelineYaml({ name: 'evil', on: ON_PR, params: ['revision'] }),
    },
    { branch: `fork-${n}`, parents: [base] },
  );
  h.gh.pulls.set(`${h.repository}#${n}`, { base, head });
  const payload = pullRequestPayload({
    repository: h.repository,
    number: n,
    baseSha: base,
    headSha: head,
    headRepository: `${author}/app`,
    author,
    authorAssociation: association,
  });
  return { head, delivery: signedDelivery(h.secret, 'pull_request', payload) };
}

describe('fork pull requests', () => {
  it('an untrusted fork (author_association NONE) runs nothing; a pending status says why', async () => {
    const { head, delivery } = forkedPullRequest(11, 'mallory', 'NONE');
    expect((await postDelivery(h.webhookUrl, delivery)).status).toBe(202);
    const obj = await waitUntil(() => eventOf(delivery.id), 'the event outcome');
    expect(obj.spec.pullRequest).toEqual({
      author: 'mallory',
      authorAssociation: 'NONE',
      headRepository: 'mallory/app',
    });
    expect(obj.status?.runCount).toBe(0);
    expect(obj.status?.errors).toEqual([expect.objectContaining({ kind: 'untrusted-fork' })]);
    const status = await waitUntil(
      () => h.gh.records.statuses.find((s) => s.sha === head && s.context === 'pipe/fork-approval'),
      'the pending status',
    );
    expect(status).toMatchObject({
      state: 'pending',
      description: expect.stringMatching(/@mallory \(NONE\)/),
    });
    expect(await runsFor(head)).toEqual([]);
  });

  it.each([
    ['a COLLABORATOR', 'collab', 'COLLABORATOR', 21],
    ['a user trusted in the config', 'friend-of-acme', 'CONTRIBUTOR', 22],
  ])(
    '%s: the fork PR runs the base branch definitions at the head commit',
    async (_, author, association, n) => {
      const { head, delivery } = forkedPullRequest(n, author, association);
      expect((await postDelivery(h.webhookUrl, delivery)).status).toBe(202);
      const obj = await waitUntil(() => eventOf(delivery.id), 'the event outcome');
      expect(obj.status?.matched).toEqual(['build']);
      const runs = await runsFor(head);
      expect(runs).toHaveLength(1);
      const spec = JSON.stringify(runs[0]!.spec.pipelineSpec);
      expect(spec).toContain('echo building');
      expect(spec).not.toContain('pwned');
      expect(runs[0]!.spec.params).toEqual(expect.arrayContaining([{ name: 'revision', value: head }]));
    },
  );
});
