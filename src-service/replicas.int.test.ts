// Two replicas against the sandbox: deliveries split between them → one run each, no duplicates; the leader stops → the other takes over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchPush, postDelivery, signedDelivery } from './testing/deliveries';
import { buildPipelineYaml } from './testing/pipelines';
import { sandboxFromEnv, startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

describe('two replicas', () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    a = await startHarness({ sandbox: sandboxFromEnv() });
    b = await startHarness({
      sandbox: sandboxFromEnv(),
      reuse: {
        eventNamespace: a.eventNamespace,
        runtimeNamespace: a.runtimeNamespace,
        gh: a.gh,
        identity: `${a.identity}-b`,
      },
    });
  });
  afterAll(async () => {
    await b?.stop(true);
    await a?.stop();
  });

  it('share the work without duplicates and hand over leadership on shutdown', async () => {
    const repo = a.gh.repo(a.repository);
    let prev = repo.commit({ 'README.md': 'base', '.pipe/build.yaml': buildPipelineYaml() });
    const shas: string[] = [];
    const posts = [];
    for (let i = 0; i < 20; i++) {
      const next = repo.commit({ 'README.md': `v${i}`, '.pipe/build.yaml': buildPipelineYaml() });
      shas.push(next);
      const d = signedDelivery(
        a.secret,
        'push',
        branchPush({ repository: a.repository, before: prev, after: next }),
      );
      // Every delivery goes to both replicas (as if GitHub's retry hit the other pod): still one event, one run.
      posts.push(postDelivery(a.webhookUrl, d), postDelivery(b.webhookUrl, d));
      prev = next;
    }
    expect((await Promise.all(posts)).every((r) => r.status === 202)).toBe(true);
    const runs = await waitUntil(async () => {
      const all = await a.runs();
      return all.length >= 20 ? all : undefined;
    }, '20 runs');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await a.runs()).length).toBe(20);
    expect(new Set(runs.map((r) => r.metadata.annotations?.['pipe.linecorp.com/sha'])).size).toBe(20);

    // Both replicas reconciled a share of the events (rendezvous sharding over the member leases).
    const events = await a.core.request<{ items: { status?: { owner?: string } }[] }>(
      'GET',
      `/apis/pipe.linecorp.com/v1alpha1/namespaces/${a.eventNamespace}/githubevents`,
    );
    expect(new Set(events.items.map((e) => e.status?.owner))).toEqual(new Set([a.identity, b.identity]));

    const leader = a.service.isLeader() ? a : b;
    const follower = leader === a ? b : a;
    expect(follower.service.isLeader()).toBe(false);
    await leader.service.stop();
    await waitUntil(() => follower.service.isLeader(), 'the follower to take over');
    // The new leader reports runs it has not reported yet.
    await waitUntil(
      () => shas.every((sha) => a.gh.records.statuses.some((s) => s.sha === sha)),
      'a status for every push',
    );
  });
});
