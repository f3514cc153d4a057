// One container log followed through a restart of the runtime apiserver: the stream breaks, the follower resumes
// with sinceTime and drops the repeats at the seam — every line exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendPodLog, startSandbox, writePodLogs, type Sandbox } from '../../sandbox/index';
import type { LogEvent } from '../../src-shared/contract/logs';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { ContainerLogHub } from './container-log-hub';
import { kubeLogOpener } from './kube-log-opener';
import { LogPump } from './log-pump';

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

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
    await until(async () => (await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${ns}/pods/${pod}`)).status?.phase === 'Running', 'pod running');

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
    try {
      await until(() => got.length >= 300, 'the first lines');
      const append = async (prefix: string): Promise<void> => {
        const lines = Array.from({ length: 200 }, (_, i) => `${prefix} ${i}`);
        expected.push(...lines);
        await appendPodLog(sandbox, ns, pod, lines);
      };
      await append('before restart');
      await until(() => got.length >= 500, 'lines before the restart');
      const restarting = sandbox.restartApiserver('runtime');
      await append('during restart');
      await restarting;
      await append('after restart');
      await until(() => got.length >= expected.length, 'every line after the restart');
      // The container "ends": the follower reads to the end once more (no follow) and stops.
      log.finish();
      await log.stopped;
      await until(() => pump.isDrained(0), 'the pump to drain');
      expect(states).toContain('reconnecting');
      expect(got).toEqual(expected);
    } finally {
      pump.dispose();
      release();
      hub.dispose();
    }
  });
});
