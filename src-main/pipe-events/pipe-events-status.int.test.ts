import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxInfo } from '../../sandbox/info';
import { postDelivery, signedDelivery, branchPush } from '../../src-service/testing/deliveries';
import { startHarness, type Harness } from '../../src-service/testing/service-harness';
import type { PipeEventsStatus } from '../../src-shared/contract/pipe-events';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { watchPipeEventsStatus } from './pipe-events-status-stream';
import { waitUntil } from '../../src-node/testing/wait-until';

// A real pipe-events (in-process, fresh namespaces) on the sandbox's core cluster; the panel's stream watches its
// Leases and GitHubEvents and follows it up, through a delivery, and down.
describe('pipe-events panel stream against a real pipe-events', () => {
  let h: Harness;
  let core: KubeClient;
  let latest: PipeEventsStatus | undefined;
  let stopStream: (() => void) | undefined;
  let emitted = 0;

  beforeAll(async () => {
    const info = readSandboxInfo();
    h = await startHarness({ sandbox: info });
    core = clientFor(info.core.adminKubeconfig);
    stopStream = watchPipeEventsStatus(
      core,
      { context: 'core', namespace: h.eventNamespace, leaseName: 'pipe-events-leader' },
      (s) => {
        latest = s;
        emitted++;
        return true;
      },
    );
  }, 120_000);
  afterAll(async () => {
    stopStream?.();
    core?.dispose();
    await h?.stop();
  }, 60_000);

  const until = (what: string, ok: (s: PipeEventsStatus) => boolean): Promise<PipeEventsStatus> =>
    waitUntil(
      () => (latest && ok(latest) ? latest : undefined),
      () => `${what}; last: ${JSON.stringify(latest)}`,
    );

  it('shows the replica, its leadership, then a delivery as it is recorded and processed', async () => {
    const up = await until('a live leader', (s) => s.state === 'up' && s.leader === h.identity);
    expect(up.replicas.map((r) => [r.identity, r.live, r.leader])).toEqual([[h.identity, true, true]]);
    expect(up.problem).toBeUndefined();
    const sha = h.gh.repo(h.repository).commit({ 'README.md': 'x' });
    const d = signedDelivery(
      h.secret,
      'push',
      branchPush({ repository: h.repository, before: sha, after: sha }),
    );
    expect((await postDelivery(h.webhookUrl, d)).status).toBe(202);
    const seen = await until(
      'the delivery processed',
      (s) => s.lastDelivery?.deliveryId === d.id && s.lastDelivery.phase !== 'Pending',
    );
    expect(seen.lastDelivery).toMatchObject({ event: 'push', repository: h.repository });
    expect(seen.totalEvents).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('says pipe-events is down when its replica stops (its member Lease goes away)', async () => {
    const before = emitted;
    await h.service.stop();
    // It leaves its member Lease, then gives up the leader Lease: down first, then no leader either.
    const down = await until('down, without a leader', (s) => s.state === 'down' && s.leader === undefined);
    expect(down.replicas.filter((r) => r.live)).toEqual([]);
    expect(emitted).toBeGreaterThan(before);
  }, 90_000);

  it('reports a cluster without pipe-events as a problem, not a crash (the runtime cluster has no GitHubEvent CRD)', async () => {
    const info = readSandboxInfo();
    const runtime = clientFor(info.runtime.adminKubeconfig);
    let got: PipeEventsStatus | undefined;
    const stop = watchPipeEventsStatus(
      runtime,
      { context: 'runtime', namespace: 'pipe-system', leaseName: 'pipe-events-leader' },
      (s) => ((got = s), true),
    );
    try {
      await waitUntil(() => got?.problem, 'the problem');
      expect(got?.problem).toBe(
        'Cannot read the GitHub events: pipe-events is not installed on this cluster.',
      );
      expect([got?.state, got?.replicas, got?.totalEvents]).toEqual(['down', [], 0]);
    } finally {
      stop();
      runtime.dispose();
    }
  }, 60_000);
});
