// Integration/bench helper: a real PipelineRun (run by Tekton's controller on kwok) whose step containers serve
// known log lines. Log files and kwok Logs objects are in place, and known to kwok, before the run exists, so every
// container serves its own lines from the first request on.
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '../../../sandbox/kube';
import { COMPLETE_AFTER_ANNOTATION, FAIL_ANNOTATION, criLogLine } from '../../../sandbox/kwok';
import { loadKubeConfig, waitForKwokLogs, type SandboxInfo } from '../../../sandbox/index';
import type { KubeClient } from '../../../src-node/kube/kube-client';

/** One step container of the scenario and the lines it prints. */
export interface ScenarioContainer {
  readonly task: string;
  readonly pod: string;
  readonly container: string;
  readonly file: string;
  lines: string[];
}

/** A pipeline task of the scenario. */
export interface ScenarioTask {
  readonly name: string;
  /** Step names; undefined = an unnamed step. */
  readonly steps: readonly (string | undefined)[];
  readonly runAfter?: readonly string[];
  readonly retries?: number;
  readonly fail?: boolean;
  readonly completeAfter?: string;
  readonly isFinally?: boolean;
  /** Lines per container. */
  readonly lines: number;
}

function containerNames(steps: readonly (string | undefined)[]): string[] {
  return steps.map((s, i) => (s ? `step-${s}` : `step-unnamed-${i}`));
}

/** Tekton's pod names: `<run>-<task>-pod`, then `-retry<N>` for each retry. */
export function podNames(run: string, t: ScenarioTask): string[] {
  const base = `${run}-${t.name}-pod`;
  return [base, ...Array.from({ length: t.retries ?? 0 }, (_, i) => `${base}-retry${i + 1}`)];
}

/** Writes every container's log and the kwok Logs objects, waits until kwok has them, then creates the PipelineRun. */
export async function startScenarioRun(info: Pick<SandboxInfo, 'kwok' | 'runtime' | 'teamNamespace'>, admin: KubeClient, run: string, tasks: readonly ScenarioTask[]): Promise<ScenarioContainer[]> {
  const ns = info.teamNamespace;
  const containers: ScenarioContainer[] = [];
  const logs: KubernetesObject[] = [];
  for (const t of tasks) {
    for (const [attempt, pod] of podNames(run, t).entries()) {
      const entries = [];
      for (const c of containerNames(t.steps)) {
        const file = join(info.kwok.logsDir, `${ns}_${pod}_${c}.log`);
        // Escapes and a same-timestamp burst on purpose: the viewer colours them, the seam must count them.
        const lines = Array.from({ length: t.lines }, (_, i) => `${t.name}/${c}#${attempt} line ${i}${i === 1 ? ' \u001b[31mred\u001b[0m' : ''}`);
        await writeFile(file, lines.map((l) => criLogLine(l)).join(''));
        containers.push({ task: t.name, pod, container: c, file, lines });
        entries.push({ containers: [c], logsFile: file, follow: true });
      }
      logs.push({ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: pod, namespace: ns }, spec: { logs: entries } } as KubernetesObject);
    }
  }
  await applyObjects(loadKubeConfig(info.runtime.adminKubeconfig), logs);
  // kwok sees Logs objects through its own watch; a pod served before that would get the default line.
  await waitForKwokLogs(info, ns);
  const pipelineTask = (t: ScenarioTask): Record<string, unknown> => ({
    name: t.name,
    ...(t.runAfter ? { runAfter: t.runAfter } : {}),
    ...(t.retries ? { retries: t.retries } : {}),
    taskSpec: {
      metadata: {
        annotations: {
          [COMPLETE_AFTER_ANNOTATION]: t.completeAfter ?? '1s',
          ...(t.fail ? { [FAIL_ANNOTATION]: 'true' } : {}),
        },
      },
      steps: t.steps.map((s) => ({ ...(s ? { name: s } : {}), image: 'alpine', script: 'echo hi' })),
    },
  });
  await admin.request(`/apis/tekton.dev/v1/namespaces/${ns}/pipelineruns`, {
    method: 'POST',
    body: {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: run, namespace: ns },
      spec: {
        pipelineSpec: {
          tasks: tasks.filter((t) => !t.isFinally).map(pipelineTask),
          finally: tasks.filter((t) => t.isFinally).map(pipelineTask),
        },
      },
    },
  });
  return containers;
}

/** Appends lines to one container's log while it is followed. */
export async function appendLines(c: ScenarioContainer, lines: readonly string[]): Promise<void> {
  c.lines.push(...lines);
  await appendFile(c.file, lines.map((l) => criLogLine(l)).join(''));
}
