import { CoreV1Api, Log } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appendPodLog, loadKubeConfig, readSandboxInfo, writePodLogs } from './index.js';
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
});
