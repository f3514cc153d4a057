// Contract: manual dispatch (issue 14) — run a repository's pipelines at a ref with workflow_dispatch inputs, as yourself:
// the host creates a workflow_dispatch GitHubEvent in PIPE's core cluster with your credentials; pipe-events decides.
import { z } from 'zod';
import { call } from './rpc';

const contextName = z.string().min(1).max(512);
const namespaceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid namespace name');
const objectName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'not a valid object name');

/** The request (checked again by the apiserver's policy and by pipe-events against the pipeline's declared inputs). */
export const dispatchRequest = z
  .object({
    /** Core-cluster context (the sign-in's `pipe-<profile>-core`). */
    context: contextName,
    repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, 'owner/name'),
    ref: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9._/-]+$/, 'a branch, refs/tags/<tag> or a commit SHA')
      .optional(),
    pipeline: z.string().min(1).max(253).optional(),
    inputs: z
      .record(z.string().min(1).max(100), z.string().max(65_535))
      .refine((r) => Object.keys(r).length <= 25, 'at most 25 inputs')
      .default({}),
    /** pipe-events' namespace (default pipe-system). */
    namespace: namespaceName.optional(),
  })
  .strict();
export type DispatchRequestInput = z.input<typeof dispatchRequest>;

/** Where a dispatch stands: Pending until pipe-events decides; Accepted with its runs, or Refused with why. */
export const dispatchState = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: z.enum(['Pending', 'Accepted', 'Refused', 'Failed']),
  reason: z.string().optional(),
  login: z.string().optional(),
  inputs: z.record(z.string(), z.string()).optional(),
  runs: z.array(
    z.object({ pipeline: z.string(), cluster: z.string(), namespace: z.string(), name: z.string() }),
  ),
});
export type DispatchStateView = z.infer<typeof dispatchState>;

export const dispatchContract = {
  /** Creates the dispatch as the signed-in user; answers with the object to poll and who the cluster says you are. */
  create: call(
    dispatchRequest,
    z.object({
      namespace: z.string(),
      name: z.string(),
      requester: z.string(),
      login: z.string().optional(),
    }),
  ),
  /** The dispatch's state now (poll it until the phase is not Pending). */
  status: call(
    z.object({ context: contextName, namespace: namespaceName, name: objectName }).strict(),
    dispatchState,
  ),
} as const;
