// Contract: pipe-events as the app sees it (a live panel read from the core cluster) and, for the local PIPE only,
// sending a sample GitHub event to it (the host signs it; the webhook secret never reaches the renderer).
import { z } from 'zod';
import { call, stream } from './rpc';

const contextName = z.string().min(1).max(512);
const namespaceName = z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid namespace name');

const eventBrief = z.object({
  name: z.string(),
  deliveryId: z.string(),
  event: z.string(),
  action: z.string().optional(),
  repository: z.string(),
  receivedAt: z.number().optional(),
  phase: z.string(),
  attempts: z.number().optional(),
  nextAttemptAt: z.number().optional(),
  message: z.string().optional(),
  runCount: z.number(),
});

/** What the panel shows. `down`: no replica holds a live member Lease. */
export const pipeEventsStatus = z.object({
  context: z.string(),
  namespace: z.string(),
  state: z.enum(['up', 'down']),
  replicas: z.array(z.object({ identity: z.string(), renewedAt: z.number().optional(), expiresAt: z.number().optional(), live: z.boolean(), leader: z.boolean() })),
  leader: z.string().optional(),
  lastDelivery: eventBrief.optional(),
  /** Events not processed yet (new, or retrying). */
  waiting: z.number(),
  /** Events that failed, or are retrying after a failure. */
  failing: z.number(),
  waitingEvents: z.array(eventBrief),
  failingEvents: z.array(eventBrief),
  schedules: z.object({
    /** The minute the schedule leader checked last. */
    checkedUntil: z.number().optional(),
    /** False when the service publishes no upcoming fires. */
    known: z.boolean(),
    next: z.array(z.object({ repository: z.string(), pipeline: z.string(), cron: z.string(), timezone: z.string().optional(), at: z.number() })),
  }),
  totalEvents: z.number(),
  /** Why the data may be incomplete (cannot read Leases or events: RBAC, not installed, cluster down). */
  problem: z.string().optional(),
});
export type PipeEventsStatus = z.infer<typeof pipeEventsStatus>;

export const sampleEventKind = z.enum(['push', 'pull_request', 'tag', 'deployment']);
export type SampleEventKindName = z.infer<typeof sampleEventKind>;

const refName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\w[\w./-]*$/, 'letters, digits, . _ - / only')
  .refine((s) => !s.includes('..'), 'no ".."');

export const pipeEventsContract = {
  /** The panel, live (Lease and GitHubEvent watches on the core cluster; a Lease expiring updates it too). */
  watchStatus: stream(z.object({ context: contextName, namespace: namespaceName.optional() }).strict(), pipeEventsStatus),
  /** Whether the app can send sample events: only to the local PIPE (the sandbox), whose secret the host holds. */
  sampleTarget: call(
    z.object({}).strict(),
    z.object({ available: z.boolean(), repository: z.string().optional(), reason: z.string().optional() }),
  ),
  /** Signs and sends one sample delivery to the local PIPE's pipe-events; the answer carries its delivery id. */
  sendSample: call(
    z.object({ kind: sampleEventKind, branch: refName.optional() }).strict(),
    z.object({ deliveryId: z.string(), event: z.string(), summary: z.string(), status: z.number(), message: z.string() }),
  ),
} as const;
