import { CoreV1Api, Log } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appendPodLog, loadKubeConfig, readSandboxInfo, writePodLogs } from './index.js';

const info = readSandboxInfo();

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('pod logs from kwok', () => {
  it('streams a pod log with follow, including lines appended later', async () => {
    const kc = loadKubeConfig(info.runtime.userKubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = info.teamNamespace;
    const name = `log-demo-${Date.now()}`;
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'docker.io/library/alpine:3.20' }] } },
    });
    await writePodLogs(info, ns, name, ['hello from kwok', 'second line']);
    await eventually('pod running on kwok', async () => {
      const pod = await core.readNamespacedPod({ name, namespace: ns });
      return pod.spec?.nodeName === info.kwok.nodeName && pod.status?.phase === 'Running' ? pod : undefined;
    });

    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const abort = await new Log(kc).log(ns, name, 'main', out, { follow: true });
    try {
      await eventually('initial lines', async () => (text.includes('second line') ? true : undefined));
      await appendPodLog(info, ns, name, ['appended while following']);
      await eventually('appended line', async () => (text.includes('appended while following') ? true : undefined));
      expect(text.split('\n').filter(Boolean)).toEqual(['hello from kwok', 'second line', 'appended while following']);
    } finally {
      abort.abort();
      await core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 });
    }
  });
});
