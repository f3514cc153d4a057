// Pod logs on kwok: writes CRI log files in the sandbox folder and points kwok at them with Logs objects.
import { randomUUID } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxInfo } from './info.js';
import { applyObjects, kubeClientFor, kubeJson, kubeRequest, loadKubeConfig } from './kube.js';
import { criLogLine, podLogs } from './kwok.js';
import { waitUntil } from './processes.js';

/** Path of the CRI log file the sandbox uses for a pod. */
export function podLogFile(info: Pick<SandboxInfo, 'kwok'>, namespace: string, pod: string): string {
  return join(info.kwok.logsDir, `${namespace}_${pod}.log`);
}

/** Gives a kwok pod (all containers) the given log lines; later appendPodLog lines stream to followers. */
export async function writePodLogs(info: Pick<SandboxInfo, 'kwok' | 'runtime'>, namespace: string, pod: string, lines: readonly string[]): Promise<string> {
  const file = podLogFile(info, namespace, pod);
  await writeFile(file, lines.map((l) => criLogLine(l)).join(''));
  await applyObjects(loadKubeConfig(info.runtime.adminKubeconfig), [podLogs(namespace, pod, file)]);
  return file;
}

/** Appends lines to a pod's log file (followers see them). */
export async function appendPodLog(info: Pick<SandboxInfo, 'kwok'>, namespace: string, pod: string, lines: readonly string[]): Promise<void> {
  await appendFile(podLogFile(info, namespace, pod), lines.map((l) => criLogLine(l)).join(''));
}

/**
 * Waits until kwok serves a pod its own log: a non-follow GET of the pod's log (first bytes only, runtime admin
 * credentials) until its first line is `firstLine`. kwok learns of a `Logs` object (writePodLogs, sample step logs)
 * through its own watch, which can lag behind the pod turning Running on a loaded machine; a log request in that
 * window gets the default file ("pipe-sandbox: this pod has no recorded logs") and, followed, never anything else.
 * Call it after the pod is bound to the kwok node and Running (before that the apiserver has no node to ask) and
 * before anything reads or follows the log. `container` is needed for pods with several containers. The time limit
 * (90 s) only turns a hang into a failure that names the line last seen.
 */
export async function waitForPodLog(
  info: Pick<SandboxInfo, 'runtime'>,
  namespace: string,
  pod: string,
  firstLine: string,
  opts: { container?: string; timeoutMs?: number } = {},
): Promise<void> {
  const client = kubeClientFor(loadKubeConfig(info.runtime.adminKubeconfig));
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
  // One byte past the line: a longer first line is not taken for it.
  const query = { container: opts.container, limitBytes: Buffer.byteLength(firstLine) + 1 };
  let seen = 'no answer yet';
  const what = `kwok to serve pod ${namespace}/${pod}${opts.container ? ` container ${opts.container}` : ''} its own log (first line ${JSON.stringify(firstLine)})`;
  try {
    await waitUntil(
      what,
      async () => {
        const res = await client.exchange(path, { query, timeoutMs: 30_000 }).catch((err: unknown) => {
          seen = `error ${err instanceof Error ? err.message : String(err)}`;
          throw err;
        });
        seen = res.status === 200 ? `first bytes ${JSON.stringify(res.body)}` : `HTTP ${res.status} ${res.body.slice(0, 300)}`;
        return res.status === 200 && res.body === `${firstLine}\n`;
      },
      { timeoutMs: opts.timeoutMs ?? 90_000, intervalMs: 50 },
    );
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last seen: ${seen}`, { cause: err });
  } finally {
    client.dispose();
  }
}

/**
 * Waits until kwok knows every `Logs` object written so far, for pods that do not exist yet (a run's step pods, which
 * Tekton creates and which may complete before a test could wait for them). kwok reads all Logs objects through one
 * watch, in order: once it serves a marker pod (created in `namespace`, removed again) the log written for it last,
 * it has every earlier one too. Needs a namespace where the admin may create a pod of `docker.io/library/alpine:3.20`.
 */
export async function waitForKwokLogs(info: Pick<SandboxInfo, 'kwok' | 'runtime'>, namespace: string): Promise<void> {
  const kc = loadKubeConfig(info.runtime.adminKubeconfig);
  const pod = `kwok-logs-marker-${randomUUID().slice(0, 8)}`;
  const podPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  await kubeJson(kc, 'POST', podPath, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod },
    spec: { containers: [{ name: 'main', image: 'docker.io/library/alpine:3.20' }], tolerations: [{ operator: 'Exists' }] },
  });
  try {
    const line = `marker ${pod}`;
    await writePodLogs(info, namespace, pod, [line]);
    let phase: string | undefined;
    await waitUntil(
      `marker pod ${namespace}/${pod} running`,
      async () => (phase = (await kubeJson<{ status?: { phase?: string } }>(kc, 'GET', `${podPath}/${pod}`)).status?.phase) === 'Running',
      { timeoutMs: 90_000, intervalMs: 50 },
    ).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; phase seen: ${phase ?? 'none'}`, { cause: err });
    });
    await waitForPodLog(info, namespace, pod, line);
  } finally {
    await kubeRequest(kc, 'DELETE', `${podPath}/${pod}?gracePeriodSeconds=0`).catch(() => undefined);
    await kubeRequest(kc, 'DELETE', `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/logs/${pod}`).catch(() => undefined);
    kubeClientFor(kc).dispose();
  }
}
