import { CoreV1Api, Log } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appendPodLog, loadKubeConfig, readSandboxInfo, waitForKwokLogs, waitForPodLog, writePodLogs } from './index.js';
import { waitUntil } from '../src-node/testing/wait-until';

const info = readSandboxInfo();

describe('pod logs from kwok', () => {
  it('streams a pod log with follow, including lines appended later', async () => {
    const kc = loadKubeConfig(info.runtime.userKubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = info.teamNamespace;
    const name = `log-demo-${Date.now()}`;
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name },
        spec: { containers: [{ name: 'main', image: 'docker.io/library/alpine:3.20' }] },
      },
    });
    await writePodLogs(info, ns, name, ['hello from kwok', 'second line']);
    await waitUntil(async () => {
      const pod = await core.readNamespacedPod({ name, namespace: ns });
      return pod.spec?.nodeName === info.kwok.nodeName && pod.status?.phase === 'Running' ? pod : undefined;
    }, 'pod running on kwok');
    await waitForPodLog(info, ns, name, 'hello from kwok');

    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const abort = await new Log(kc).log(ns, name, 'main', out, { follow: true });
    try {
      await waitUntil(async () => (text.includes('second line') ? true : undefined), 'initial lines');
      await appendPodLog(info, ns, name, ['appended while following']);
      await waitUntil(
        async () => (text.includes('appended while following') ? true : undefined),
        'appended line',
      );
      expect(text.split('\n').filter(Boolean)).toEqual([
        'hello from kwok',
        'second line',
        'appended while following',
      ]);
    } finally {
      abort.abort();
      await core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 });
    }
  });

  it('waitForPodLog returns once kwok serves the written file, and names the line it saw when it never does', async () => {
    const kc = loadKubeConfig(info.runtime.adminKubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = info.teamNamespace;
    const stamp = Date.now().toString(36);
    const own = `log-wait-${stamp}`;
    const other = `log-none-${stamp}`;
    const spec = { containers: [{ name: 'main', image: 'docker.io/library/alpine:3.20' }] };
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: own }, spec } });
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: other }, spec } });
    try {
      await writePodLogs(info, ns, own, ['first of mine', 'second of mine']);
      for (const name of [own, other]) {
        await waitUntil(async () => (await core.readNamespacedPod({ name, namespace: ns })).status?.phase === 'Running', `pod ${name} running`);
      }
      await waitForPodLog(info, ns, own, 'first of mine', { container: 'main' });
      // Right after the wait, a plain read is the pod's own file, whole.
      const text = await core.readNamespacedPodLog({ name: own, namespace: ns, container: 'main' });
      expect(text).toBe('first of mine\nsecond of mine\n');
      // A pod without a Logs object keeps the default line: the wait fails and says what it saw. A line that starts
      // like the default one is not taken for it either.
      await expect(waitForPodLog(info, ns, other, 'pipe-sandbox', { timeoutMs: 1000 })).rejects.toThrow(
        /last seen: first bytes "pipe-sandbox:"/,
      );
    } finally {
      for (const name of [own, other]) await core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 });
    }
  });

  it('waitForKwokLogs: a log written for a pod that does not exist yet is what the pod serves from its first read on', async () => {
    const kc = loadKubeConfig(info.runtime.adminKubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = info.teamNamespace;
    const name = `log-later-${Date.now().toString(36)}`;
    await writePodLogs(info, ns, name, ['written before the pod existed']);
    await waitForKwokLogs(info, ns);
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'docker.io/library/alpine:3.20' }] } } });
    try {
      await waitUntil(async () => (await core.readNamespacedPod({ name, namespace: ns })).status?.phase === 'Running', 'pod running');
      // No waitForPodLog here: the first read after Running already gets the pod's own file.
      expect(await core.readNamespacedPodLog({ name, namespace: ns, container: 'main' })).toBe('written before the pod existed\n');
      // The marker pod is gone again.
      const pods = await core.listNamespacedPod({ namespace: ns });
      expect(pods.items.filter((p) => p.metadata?.name?.startsWith('kwok-logs-marker-') && !p.metadata.deletionTimestamp)).toEqual([]);
    } finally {
      await core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 });
    }
  });
});
