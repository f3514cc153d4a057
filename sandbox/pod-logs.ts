// Pod logs on kwok: writes CRI log files in the sandbox folder and points kwok at them with Logs objects.
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxInfo } from './info.js';
import { applyObjects, loadKubeConfig } from './kube.js';
import { criLogLine, podLogs } from './kwok.js';

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
