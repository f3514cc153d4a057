// Seeds sample PIPE data on the runtime cluster: Tasks, Pipelines (with pipe.linecorp.com/event), runs in
// several states with status written through /status, TaskRun pods on kwok with logs.
import type { KubeConfig } from '@kubernetes/client-node';
import type { SandboxInfo } from './info.js';
import { kubeJson, loadKubeConfig } from './kube.js';
import { FAIL_ANNOTATION, KEEP_RUNNING_ANNOTATION } from './kwok.js';
import { writePodLogs } from './pod-logs.js';

/** Annotation PIPE reads to route git events to a Pipeline. */
export const EVENT_ANNOTATION = 'pipe.linecorp.com/event';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid?: string; [k: string]: unknown }; [k: string]: unknown };

const TEKTON = '/apis/tekton.dev/v1';

/** Server-side applies one object at `collection` and returns the stored object (with uid). */
async function apply(kc: KubeConfig, collection: string, obj: Obj): Promise<Obj> {
  return kubeJson<Obj>(
    kc,
    'PATCH',
    `${collection}/${obj.metadata.name}?fieldManager=pipe-sandbox-seed&force=true`,
    obj,
    'application/apply-patch+yaml',
  );
}

/** Writes .status through the /status subresource (merge patch), as a controller would. */
export async function writeStatus(kc: KubeConfig, collection: string, name: string, status: unknown): Promise<Obj> {
  return kubeJson<Obj>(kc, 'PATCH', `${collection}/${name}/status`, { status }, 'application/merge-patch+json');
}

const step = (name: string, script: string): Record<string, unknown> => ({ name, image: 'docker.io/library/alpine:3.20', command: ['/bin/sh', '-c'], args: [script] });

/** The sample Tasks. */
export function sampleTasks(ns: string): Obj[] {
  const task = (name: string, steps: Record<string, unknown>[]): Obj => ({
    apiVersion: 'tekton.dev/v1',
    kind: 'Task',
    metadata: { name, namespace: ns },
    spec: { steps },
  });
  return [
    task('git-clone', [step('clone', 'echo cloning')]),
    task('unit-test', [step('test', 'echo running tests')]),
    task('build-image', [step('build', 'echo building'), step('push', 'echo pushing')]),
    task('deploy', [step('deploy', 'echo deploying')]),
  ];
}

/** The sample Pipelines ci / build / cd, each with its event filter. */
export function samplePipelines(ns: string): Obj[] {
  const pipeline = (name: string, event: string, tasks: string[]): Obj => ({
    apiVersion: 'tekton.dev/v1',
    kind: 'Pipeline',
    metadata: { name, namespace: ns, annotations: { [EVENT_ANNOTATION]: event } },
    spec: {
      tasks: tasks.map((t, i) => ({ name: t, taskRef: { name: t }, ...(i > 0 ? { runAfter: [tasks[i - 1]] } : {}) })),
    },
  });
  return [
    pipeline('ci', 'push:\n  branches-ignore: [main]\npull_request: {}\n', ['git-clone', 'unit-test']),
    pipeline('build', 'push:\n  branches: [main]\n', ['git-clone', 'build-image']),
    pipeline('cd', "push:\n  tags: ['v*']\n", ['git-clone', 'deploy']),
  ];
}

type RunState = 'Succeeded' | 'Failed' | 'Running' | 'Cancelled';

interface RunPlan {
  name: string;
  pipeline: string;
  state: RunState;
  /** Per pipeline task: final state of its TaskRun (omitted = not started). */
  tasks: Record<string, RunState>;
  labels: Record<string, string>;
}

const PLANS: readonly RunPlan[] = [
  { name: 'ci-feature-login-1', pipeline: 'ci', state: 'Succeeded', tasks: { 'git-clone': 'Succeeded', 'unit-test': 'Succeeded' }, labels: { 'pipe.linecorp.com/branch': 'feature-login' } },
  { name: 'ci-feature-login-2', pipeline: 'ci', state: 'Failed', tasks: { 'git-clone': 'Succeeded', 'unit-test': 'Failed' }, labels: { 'pipe.linecorp.com/branch': 'feature-login' } },
  { name: 'build-main-1', pipeline: 'build', state: 'Running', tasks: { 'git-clone': 'Succeeded', 'build-image': 'Running' }, labels: { 'pipe.linecorp.com/branch': 'main' } },
  { name: 'cd-v1-0-0', pipeline: 'cd', state: 'Succeeded', tasks: { 'git-clone': 'Succeeded', deploy: 'Succeeded' }, labels: { 'pipe.linecorp.com/tag': 'v1.0.0' } },
  { name: 'cd-v1-1-0', pipeline: 'cd', state: 'Cancelled', tasks: { 'git-clone': 'Succeeded' }, labels: { 'pipe.linecorp.com/tag': 'v1.1.0' } },
];

function condition(state: RunState, kind: 'PipelineRun' | 'TaskRun', at: string): Record<string, string> {
  const table: Record<RunState, [string, string, string]> = {
    Succeeded: ['True', 'Succeeded', `All steps have completed executing`],
    Failed: ['False', 'Failed', `"step-test" exited with code 1`],
    Running: ['Unknown', 'Running', `Not all ${kind === 'PipelineRun' ? 'Tasks' : 'Steps'} have completed executing`],
    Cancelled: ['False', kind === 'PipelineRun' ? 'Cancelled' : 'TaskRunCancelled', `${kind} was cancelled`],
  };
  const [status, reason, message] = table[state];
  return { type: 'Succeeded', status, reason, message, lastTransitionTime: at };
}

const iso = (msAgo: number): string => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

/** Seeds sample Pipelines, runs and pods with logs into the team namespace. */
export async function seedSandbox(info: SandboxInfo, log: (l: string) => void = () => undefined): Promise<void> {
  const kc = loadKubeConfig(info.runtime.adminKubeconfig);
  const ns = info.teamNamespace;
  const base = `${TEKTON}/namespaces/${ns}`;
  const tasks = sampleTasks(ns);
  await Promise.all(tasks.map((t) => apply(kc, `${base}/tasks`, t)));
  const pipelines = samplePipelines(ns);
  await Promise.all(pipelines.map((p) => apply(kc, `${base}/pipelines`, p)));
  const steps = new Map(tasks.map((t) => [t.metadata.name, ((t.spec as { steps: { name: string }[] }).steps).map((s) => s.name)]));

  await Promise.all(
    PLANS.map(async (plan, i) => {
      const started = iso((PLANS.length - i) * 600_000);
      const finished = plan.state === 'Running' ? undefined : iso((PLANS.length - i) * 600_000 - 95_000);
      const pr = await apply(kc, `${base}/pipelineruns`, {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name: plan.name, namespace: ns, labels: { 'tekton.dev/pipeline': plan.pipeline, ...plan.labels } },
        spec: { pipelineRef: { name: plan.pipeline }, ...(plan.state === 'Cancelled' ? { status: 'Cancelled' } : {}) },
      });
      const childReferences: Record<string, string>[] = [];
      for (const [taskName, state] of Object.entries(plan.tasks)) {
        const trName = `${plan.name}-${taskName}`;
        const podName = `${trName}-pod`;
        const tr = await apply(kc, `${base}/taskruns`, {
          apiVersion: 'tekton.dev/v1',
          kind: 'TaskRun',
          metadata: {
            name: trName,
            namespace: ns,
            labels: { 'tekton.dev/pipeline': plan.pipeline, 'tekton.dev/pipelineRun': plan.name, 'tekton.dev/pipelineTask': taskName, 'tekton.dev/task': taskName },
            ownerReferences: [{ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', name: plan.name, uid: pr.metadata.uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: { taskRef: { name: taskName }, serviceAccountName: 'default' },
        });
        const stepNames = steps.get(taskName) ?? ['run'];
        const pod = await apply(kc, `/api/v1/namespaces/${ns}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: podName,
            namespace: ns,
            labels: { 'tekton.dev/taskRun': trName, 'tekton.dev/pipelineRun': plan.name, 'tekton.dev/pipelineTask': taskName, 'app.kubernetes.io/managed-by': 'tekton-pipelines' },
            annotations: {
              ...(state === 'Running' ? { [KEEP_RUNNING_ANNOTATION]: 'true' } : {}),
              ...(state === 'Failed' ? { [FAIL_ANNOTATION]: 'true' } : {}),
            },
            ownerReferences: [{ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: trName, uid: tr.metadata.uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: { restartPolicy: 'Never', containers: stepNames.map((s) => ({ name: `step-${s}`, image: 'docker.io/library/alpine:3.20' })) },
        });
        void pod;
        await writePodLogs(info, ns, podName, [
          `[${taskName}] starting ${plan.pipeline} / ${plan.name}`,
          ...stepNames.map((s) => `[${taskName}] step ${s}: ok`),
          state === 'Failed' ? `[${taskName}] FAIL: 1 test failed` : state === 'Running' ? `[${taskName}] working…` : `[${taskName}] done`,
        ]);
        const taskFinished = state === 'Running' ? undefined : (finished ?? iso((PLANS.length - i) * 600_000 - 30_000));
        const trStatus = {
          conditions: [condition(state, 'TaskRun', taskFinished ?? started)],
          podName,
          startTime: started,
          ...(taskFinished ? { completionTime: taskFinished } : {}),
          steps: stepNames.map((s) => ({
            name: s,
            container: `step-${s}`,
            ...(state === 'Running'
              ? { running: { startedAt: started } }
              : { terminated: { exitCode: state === 'Failed' ? 1 : 0, reason: state === 'Failed' ? 'Error' : 'Completed', startedAt: started, finishedAt: taskFinished } }),
          })),
        };
        await writeStatus(kc, `${base}/taskruns`, trName, trStatus);
        childReferences.push({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: trName, pipelineTaskName: taskName });
      }
      await writeStatus(kc, `${base}/pipelineruns`, plan.name, {
        conditions: [condition(plan.state, 'PipelineRun', finished ?? started)],
        startTime: started,
        ...(finished ? { completionTime: finished } : {}),
        childReferences,
      });
    }),
  );
  log(`seed: ${tasks.length} Tasks, ${pipelines.length} Pipelines, ${PLANS.length} PipelineRuns in ${ns}`);
}
