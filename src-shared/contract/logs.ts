// Contract: live logs of one container or a whole PipelineRun (ordered sources, resumed streams, bounded batches).
import { z } from 'zod';
import { stream } from './rpc';

const contextName = z.string().min(1).max(512);
const namespaceName = z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid namespace name');
const objectName = z.string().min(1).max(253).regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, 'not a valid object name');
const containerName = z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid container name');

export const logSourceState = z.enum(['pending', 'waiting', 'following', 'reconnecting', 'done', 'gone', 'failed']);
export type LogSourceState = z.infer<typeof logSourceState>;

/** Events of a log subscription. Lines arrive in batches per source, in order, each line exactly once. */
export const logEvent = z.discriminatedUnion('type', [
  /** A container joins the log (run logs announce them in reading order). */
  z.object({
    type: z.literal('source'),
    source: z.number().int(),
    task: z.string(),
    step: z.string(),
    pod: z.string(),
    container: z.string(),
    attempt: z.number().int(),
    isFinally: z.boolean(),
  }),
  /** New lines of one source: texts (may hold ANSI escapes) and their epoch-ms timestamps (NaN → null). */
  z.object({ type: z.literal('lines'), source: z.number().int(), texts: z.array(z.string()), times: z.array(z.number().nullable()) }),
  z.object({ type: z.literal('source-state'), source: z.number().int(), state: logSourceState, message: z.string().optional() }),
  /** The run's phase; `complete` once the run ended and every source was read to its end. */
  z.object({ type: z.literal('run'), phase: z.string(), complete: z.boolean(), message: z.string().optional() }),
]);
export type LogEvent = z.infer<typeof logEvent>;

export const followRunInput = z
  .object({ context: contextName, namespace: namespaceName, name: objectName, /** Also each pod's sidecars (after its steps). */ sidecars: z.boolean().optional() })
  .strict();
export const followContainerInput = z.object({ context: contextName, namespace: namespaceName, pod: objectName, container: containerName }).strict();
export type FollowRunInput = z.infer<typeof followRunInput>;
export type FollowContainerInput = z.infer<typeof followContainerInput>;

export const logsContract = {
  /** A whole PipelineRun: tasks in pipeline order, then finally; retries first; steps in order. Ends when the run did. */
  followRun: stream(followRunInput, logEvent),
  /** One container, followed until it ends (shared with every other view of it). */
  followContainer: stream(followContainerInput, logEvent),
  /** A finished run's logs from pipe-events' archive (followRun falls back to it by itself once the run's pods are gone). */
  followArchived: stream(followRunInput, logEvent),
} as const;
