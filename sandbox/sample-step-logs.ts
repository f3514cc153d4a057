// Step logs for the sample repository's runs: kwok runs no containers, so when Tekton's controller gives a sample
// TaskRun its pod, the sandbox writes each step's `echo "…"` lines (params substituted) as that container's log.
import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyObjects } from './kube.js';
import { criLogLine } from './kwok.js';
import type { Disposable } from './processes.js';

type TaskRun = {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { params?: { name: string; value: unknown }[] };
  status?: { podName?: string; taskSpec?: { steps?: { name?: string; script?: string }[] } };
};

/** The label Tekton copies from the PipelineRun pipe-events created (repository, `/` as `.`). */
const REPOSITORY_LABEL = 'pipe.linecorp.com/repository';

/** The lines a step script echoes, `$(params.x)` replaced by the TaskRun's values. */
export function echoedLines(script: string, params: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const line of script.split('\n')) {
    const m = /^\s*echo "(.*)"\s*$/.exec(line);
    if (m) out.push(m[1]!.replace(/\$\(params\.([\w-]+)\)/g, (all, name: string) => params[name] ?? all));
  }
  return out;
}

/** Watches the namespace's TaskRuns of `repository` and writes their step logs once their pod exists. */
export async function startSampleStepLogs(opts: { kc: KubeConfig; namespace: string; repository: string; logsDir: string; log?: (l: string) => void }): Promise<Disposable> {
  const done = new Set<string>();
  const label = `${REPOSITORY_LABEL}=${opts.repository.replace('/', '.')}`;
  const write = async (tr: TaskRun): Promise<void> => {
    const pod = tr.status?.podName;
    const steps = tr.status?.taskSpec?.steps;
    if (!pod || !steps || done.has(pod)) return;
    done.add(pod);
    const params = Object.fromEntries((tr.spec?.params ?? []).map((p) => [p.name, typeof p.value === 'string' ? p.value : JSON.stringify(p.value)]));
    const logs: { containers: string[]; logsFile: string; follow: boolean }[] = [];
    for (const [i, s] of steps.entries()) {
      const container = `step-${s.name ?? `unnamed-${i}`}`;
      const file = join(opts.logsDir, `${opts.namespace}_${pod}_${container}.log`);
      await writeFile(file, echoedLines(s.script ?? '', params).map((l) => criLogLine(l)).join(''));
      logs.push({ containers: [container], logsFile: file, follow: false });
    }
    const obj = { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: pod, namespace: opts.namespace }, spec: { logs } } as KubernetesObject;
    await applyObjects(opts.kc, [obj]);
  };
  let stopped = false;
  let abort: AbortController | undefined;
  const run = async (): Promise<void> => {
    if (stopped) return;
    try {
      abort = await new Watch(opts.kc).watch(
        `/apis/tekton.dev/v1/namespaces/${opts.namespace}/taskruns`,
        { labelSelector: label, allowWatchBookmarks: true },
        (type, tr: TaskRun) => {
          if (type === 'ADDED' || type === 'MODIFIED') void write(tr).catch((e: unknown) => opts.log?.(`sample step logs: ${String(e).slice(0, 200)}`));
        },
        () => {
          if (!stopped) setTimeout(() => void run(), 500);
        },
      );
    } catch {
      if (!stopped) setTimeout(() => void run(), 1000);
    }
  };
  await run();
  return {
    dispose: async () => {
      stopped = true;
      abort?.abort();
    },
  };
}
