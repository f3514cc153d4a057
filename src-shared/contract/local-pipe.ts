// Contract: a local PIPE (the sandbox) started from the app — build its binaries once, start it, sign in to it.
import { z } from 'zod';
import { call, stream } from './rpc';

/** Where the local PIPE is. `unavailable`: it cannot start here (no Go and no binaries); `message` says what to install. */
export const localPipeState = z.enum([
  'stopped',
  'unavailable',
  'building',
  'starting',
  'signing-in',
  'running',
  'stopping',
  'failed',
]);
export type LocalPipeState = z.infer<typeof localPipeState>;

/** Everything the UI shows about the local PIPE. */
export const localPipeStatus = z.object({
  state: localPipeState,
  /** What went wrong (`failed`), what to install (`unavailable`), or that a start was cancelled. */
  message: z.string().optional(),
  /** While building: steps done out of all, and the binary or asset being built. */
  build: z.object({ done: z.number(), total: z.number(), current: z.string().optional() }).optional(),
  /** True when binaries are missing and the first build is needed (it takes minutes). */
  needsBuild: z.boolean(),
  /** While running: the sandbox profile's name and the signed-in user. */
  profileName: z.string().optional(),
  username: z.string().optional(),
});
export type LocalPipeStatus = z.infer<typeof localPipeStatus>;

export const localPipeContract = {
  /** The current status, then every change. */
  status: stream(z.object({}).strict(), localPipeStatus),
  /** The build's and the start's log: the lines kept so far (at most 500), then new lines as they come. */
  log: stream(z.object({}).strict(), z.object({ lines: z.array(z.string()) })),
  /** Builds what is missing, starts the local PIPE and signs in to it; returns at once (follow `status`). */
  start: call(z.object({}).strict(), z.object({ started: z.boolean() })),
  /** Cancels a build or start in progress (the Go build's whole process group is killed). */
  cancel: call(z.object({}).strict(), z.object({ cancelled: z.boolean() })),
  /** Signs out of it and stops it (also happens when the app quits). */
  stop: call(z.object({}).strict(), z.object({ stopped: z.boolean() })),
} as const;
