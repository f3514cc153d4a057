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

export const runsContract = {
  /** One run with its TaskRuns, live (a snapshot on every change). */
  watchRun: stream(runRef, runWatchEvent),
  /** Asks Tekton to cancel (`spec.status: Cancelled`); finally tasks still run. */
  cancel: call(runRef, ok),
  /** Creates a new run with the same spec and params, linked to the original. */
  rerun: call(runRef, z.object({ name: z.string() })),
  delete: call(runRef, ok),
} as const;
