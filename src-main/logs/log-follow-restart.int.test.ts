// One container log followed through a restart of the runtime apiserver: the stream breaks, the follower resumes
// with sinceTime and drops the repeats at the seam — every line exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendPodLog, startSandbox, waitForPodLog, writePodLogs, type Sandbox } from '../../sandbox/index';
import type { LogEvent } from '../../src-shared/contract/logs';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { ContainerLogHub } from './container-log-hub';
import { kubeLogOpener } from './kube-log-opener';
import { LogPump } from './log-pump';
import { waitUntil } from '../../src-node/testing/wait-until';

// Restarting an apiserver needs a sandbox of its own.
let sandbox: Sandbox;
let admin: KubeClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: false });
  admin = clientFor(sandbox.runtime.adminKubeconfig);
}, 240_000);
afterAll(async () => {
  admin?.dispose();
  await sandbox?.stop();
}, 60_000);

describe('following a container log across an apiserver restart', () => {
  it('loses and repeats no line', async () => {
    const ns = sandbox.teamNamespace;
    const pod = `restart-${Date.now().toString(36)}`;
    await admin.request(`/api/v1/namespaces/${ns}/pods`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod }, spec: { containers: [{ name: 'main', image: 'alpine' }], tolerations: [{ operator: 'Exists' }] } },
    });
    // Many lines per write share one timestamp (millisecond clock): the seam must count them, not just compare times.
    const expected = Array.from({ length: 300 }, (_, i) => `first ${i}`);
    await writePodLogs(sandbox, ns, pod, expected);
    let phase: string | undefined;
    await waitUntil(
      async () => (phase = (await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${ns}/pods/${pod}`)).status?.phase) === 'Running',
      () => `pod running (phase seen: ${phase ?? 'none'})`,
      90_000,
    );
    // kwok must serve the pod its own file before the follower starts (else it follows the default line forever).
    await waitForPodLog(sandbox, ns, pod, expected[0]!);

    const hub = new ContainerLogHub({ openerFor: () => kubeLogOpener(admin) });
    const { log, release } = hub.acquire({ context: 'sandbox', namespace: ns, pod, container: 'main' });
    const got: string[] = [];
    const states: string[] = [];
    const pump = new LogPump((e: LogEvent) => {
      if (e.type === 'lines') got.push(...e.texts);
      if (e.type === 'source-state') states.push(e.state);
      return true;
    });
    pump.attach(0, log);
    const seen = (): string => `${got.length} of ${expected.length} lines, last ${JSON.stringify(got.at(-1))}, states [${states.join(', ')}]`;
    try {
      await waitUntil(() => got.length >= 300, () => `the first lines (${seen()})`, 90_000);
      const append = async (prefix: string): Promise<void> => {
        const lines = Array.from({ length: 200 }, (_, i) => `${prefix} ${i}`);
        expected.push(...lines);
        await appendPodLog(sandbox, ns, pod, lines);
      };
      await append('before restart');
      await waitUntil(() => got.length >= 500, () => `lines before the restart (${seen()})`, 90_000);
      const restarting = sandbox.restartApiserver('runtime');
      await append('during restart');
      await restarting;
      await append('after restart');
      await waitUntil(() => got.length >= expected.length, () => `every line after the restart (${seen()})`, 90_000);
      // The container "ends": the follower reads to the end once more (no follow) and stops.
      log.finish();
      await log.stopped;
      await waitUntil(() => pump.isDrained(0), () => `the pump to drain (${seen()})`, 90_000);
      expect(states).toContain('reconnecting');
      expect(got).toEqual(expected);
    } finally {
      pump.dispose();
      release();
      hub.dispose();
    }
  });
});
