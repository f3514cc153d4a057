// Contract: one PipelineRun in detail (live), and the actions on it (cancel, re-run, delete).
import { z } from 'zod';
import { call, stream } from './rpc';

const contextName = z.string().min(1).max(512);
const namespaceName = z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid namespace name');
const objectName = z.string().min(1).max(253).regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, 'not a valid object name');
export const runRef = z.object({ context: contextName, namespace: namespaceName, name: objectName }).strict();
export type RunRef = z.infer<typeof runRef>;

export const runPhaseSchema = z.enum(['Succeeded', 'Failed', 'Cancelled', 'Running', 'Pending', 'Unknown']);

const step = z.object({
  name: z.string(),
  container: z.string(),
  phase: z.enum(['waiting', 'running', 'succeeded', 'failed', 'skipped']),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  /** `exit code 1`, `killed: out of memory`. */
  exit: z.string().optional(),
  /** Why it has not started or why it ended, in plain words. */
  reason: z.string().optional(),
});

const attempt = z.object({ pod: z.string().optional(), phase: runPhaseSchema, startedAt: z.number().optional(), completedAt: z.number().optional(), steps: z.array(step) });

export const runTask = z.object({
  name: z.string(),
  taskRun: z.string().optional(),
  isFinally: z.boolean(),
  phase: z.enum(['Succeeded', 'Failed', 'Cancelled', 'Running', 'Pending', 'Unknown', 'Skipped', 'NotStarted']),
  startedAt: z.number().optional(),
  completedAt: z.number().optional(),
  /** Earlier attempts (retries) first, the current one last. */
  attempts: z.array(attempt),
  reason: z.string().optional(),
});
export type RunTask = z.infer<typeof runTask>;

export const runMeta = z.object({
  repository: z.string().optional(),
  sha: z.string().optional(),
  ref: z.string().optional(),
  prNumber: z.string().optional(),
  event: z.string().optional(),
  action: z.string().optional(),
  sender: z.string().optional(),
  deliveryId: z.string().optional(),
  eventObject: z.string().optional(),
  repoUrl: z.string().optional(),
  pipeline: z.string().optional(),
  /** Created by pipe-events, by hand (kubectl, the editor), or as a re-run. */
  trigger: z.enum(['pipe-events', 'manual', 'rerun']),
  rerunOf: z.string().optional(),
});
export type RunMeta = z.infer<typeof runMeta>;

export const runDetail = z.object({
  context: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  createdAt: z.number().optional(),
  startedAt: z.number().optional(),
  completedAt: z.number().optional(),
  phase: runPhaseSchema,
  reason: z.string().optional(),
  /** The status in plain words (failure reason included). */
  summary: z.string(),
  isCancelRequested: z.boolean(),
  meta: runMeta,
  tasks: z.array(runTask),
  params: z.array(z.object({ name: z.string(), value: z.string() })),
  results: z.array(z.object({ name: z.string(), value: z.string() })),
  workspaces: z.array(z.object({ name: z.string(), binding: z.string() })),
  /** The pipeline spec as Tekton resolved it (for the graph). */
  pipelineSpec: z.unknown().optional(),
});
export type RunDetail = z.infer<typeof runDetail>;

export const runWatchEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), run: runDetail }),
  z.object({ type: z.literal('gone'), message: z.string() }),
  z.object({ type: z.literal('problem'), message: z.string() }),
]);
export type RunWatchEvent = z.infer<typeof runWatchEvent>;

const ok = z.object({ ok: z.literal(true) });

/** A GitHubEvent object (pipe-events' record of one delivery) as the events view shows it. */
export const githubEventRow = z.object({
  name: z.string(),
  deliveryId: z.string(),
  event: z.string(),
  action: z.string().optional(),
  repository: z.string(),
  ref: z.string().optional(),
  sha: z.string().optional(),
  sender: z.string().optional(),
  receivedAt: z.number().optional(),
  phase: z.string(),
  message: z.string().optional(),
  explanations: z.array(z.object({ pipeline: z.string(), file: z.string().optional(), matched: z.boolean(), explanation: z.string() })),
  runs: z.array(z.object({ pipeline: z.string(), cluster: z.string(), namespace: z.string(), name: z.string() })),
  errors: z.array(z.object({ file: z.string().optional(), line: z.number().optional(), pipeline: z.string().optional(), message: z.string() })),
});
export type GithubEventRow = z.infer<typeof githubEventRow>;

export const githubEventsEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('events'), events: z.array(githubEventRow) }),
  z.object({ type: z.literal('problem'), message: z.string() }),
]);
export type GithubEventsEvent = z.infer<typeof githubEventsEvent>;

export const runsContract = {
  /** One run with its TaskRuns, live (a snapshot on every change). */
  watchRun: stream(runRef, runWatchEvent),
  /** Asks Tekton to cancel (`spec.status: Cancelled`); finally tasks still run. */
  cancel: call(runRef, ok),
  /** Creates a new run with the same spec and params, linked to the original. */
  rerun: call(runRef, z.object({ name: z.string() })),
  delete: call(runRef, ok),
  /** GitHubEvent objects of the core cluster (newest first, at most 500), live. */
  watchEvents: stream(z.object({ context: contextName, namespace: namespaceName.optional() }).strict(), githubEventsEvent),
} as const;
