// Collects what GitHub is told about a failed run: the failed tasks and steps, why, and each failing step's last log
// lines with the values of the Secrets its pod references masked (a log whose Secrets cannot be read is withheld).
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { KubeList, PipelineRun } from '../../src-node/kube/kube-types';
import type { KubeClient } from '../kube/kube-client';
import {
  isFailedTaskRun,
  runReason,
  stepFailureOf,
  succeededCondition,
  type StepFailure,
  type TaskRun,
} from './failure-reason';
import { DEFAULT_TAIL, readLogTail, type LogTailLimits } from './log-tail';
import { secretRefsOfPod, secretValues, SecretMasker, type PodSecretSources } from './secret-mask';

/** One failed task as reported. */
export interface FailedTaskDetail extends StepFailure {
  /** The failing step's last lines, masked; absent when `logNote` says why. */
  readonly log?: { readonly lines: readonly string[]; readonly cut: boolean };
  readonly logNote?: string;
}

/** Everything the report shows about a failure. */
export interface FailureDetails {
  /** The run's own reason (timeout, cancelled, validation error, …). */
  readonly runReason: string;
  /** Failed tasks, first to fail first (at most `maxTasks`). */
  readonly tasks: readonly FailedTaskDetail[];
  /** Failed tasks not shown. */
  readonly moreFailed: number;
}

/** Limits of a collection. */
export interface FailureDetailOptions {
  readonly maxTasks?: number;
  readonly tail?: LogTailLimits;
  readonly signal?: AbortSignal;
}

interface Secret {
  readonly data?: Record<string, string>;
}

/** Reads the run's failed TaskRuns, their pods, Secrets and log tails with the service's credentials. */
export async function collectFailureDetails(
  client: KubeClient,
  run: PipelineRun,
  opts: FailureDetailOptions = {},
): Promise<FailureDetails> {
  const ns = run.metadata.namespace!;
  const reason = runReason(succeededCondition(run));
  const list = await client.request<KubeList<TaskRun>>(
    'GET',
    `/apis/tekton.dev/v1/namespaces/${ns}/taskruns`,
    {
      query: { labelSelector: `tekton.dev/pipelineRun=${run.metadata.name}` },
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );
  const failed = list.items
    .filter(isFailedTaskRun)
    .sort((a, b) => endOf(a).localeCompare(endOf(b)) || a.metadata.name.localeCompare(b.metadata.name));
  const max = opts.maxTasks ?? 3;
  const secrets = new Map<string, Promise<Secret | undefined>>();
  const readSecret = (name: string): Promise<Secret | undefined> => {
    let p = secrets.get(name);
    if (!p) {
      p = client
        .request<Secret>('GET', `/api/v1/namespaces/${ns}/secrets/${encodeURIComponent(name)}`)
        .catch((err: unknown) => {
          if (isKubeError(err)) return undefined;
          throw err;
        });
      secrets.set(name, p);
    }
    return p;
  };
  const tasks: FailedTaskDetail[] = [];
  for (const tr of failed.slice(0, max))
    tasks.push(await detailOf(client, ns, stepFailureOf(tr), readSecret, opts));
  return { runReason: reason, tasks, moreFailed: Math.max(0, failed.length - max) };
}

function endOf(tr: TaskRun): string {
  return tr.status?.completionTime ?? '~';
}

async function detailOf(
  client: KubeClient,
  ns: string,
  f: StepFailure,
  readSecret: (name: string) => Promise<Secret | undefined>,
  opts: FailureDetailOptions,
): Promise<FailedTaskDetail> {
  if (!f.pod || !f.container) return { ...f, logNote: 'no step log: the task failed before its steps ran' };
  let pod: PodSecretSources;
  try {
    pod = await client.request<PodSecretSources>(
      'GET',
      `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(f.pod)}`,
    );
  } catch (err) {
    if (isKubeError(err, 'NotFound')) return { ...f, logNote: 'no step log: the pod is gone' };
    throw err;
  }
  const values: string[] = [];
  for (const ref of secretRefsOfPod(pod)) {
    const secret = await readSecret(ref.name);
    // Unreadable means unmaskable: showing the log could show the value.
    if (!secret)
      return { ...f, logNote: `log withheld: Secret "${ref.name}" could not be read to mask its values` };
    values.push(...secretValues(secret.data, ref));
  }
  const masker = new SecretMasker(values);
  if (masker.unmaskable > 0)
    return {
      ...f,
      reason: masker.mask(f.reason),
      logNote: 'log withheld: a Secret value it could contain is too short to mask',
    };
  try {
    const tail = await readLogTail(client, ns, f.pod, f.container, opts.tail ?? DEFAULT_TAIL, opts.signal);
    return {
      ...f,
      reason: masker.mask(f.reason),
      log: { lines: tail.lines.map((l) => masker.mask(l)), cut: tail.cut },
    };
  } catch (err) {
    if (isKubeError(err))
      return { ...f, reason: masker.mask(f.reason), logNote: `log unavailable: ${err.message}` };
    throw err;
  }
}
