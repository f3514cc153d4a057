// Contract: desktop notifications when watched runs finish, shown by the host (the desktop app's main process) so
// they arrive with the window closed. Browser mode's host cannot show any: the page uses Web Notifications instead.
import { z } from 'zod';
import { call, stream } from './rpc';
import { runRef } from './runs';

/** At most this many runs are watched for notifications at once. */
export const MAX_NOTIFY_RUNS = 200;

export const runNotificationsState = z.object({
  /** True when the host shows the notifications itself (the desktop app); false in browser mode. */
  desktop: z.boolean(),
  /** The runs watched now (a run leaves the list when it finished and was announced, or is gone). */
  runs: z.array(runRef).max(MAX_NOTIFY_RUNS),
});
export type RunNotificationsState = z.infer<typeof runNotificationsState>;

export const runNotificationsContract = {
  /** Whether the host notifies, and the runs it watches; then every change. */
  state: stream(z.object({}).strict(), runNotificationsState),
  /** Watches a run until it finishes, then shows one notification (clicking it opens the run). `unavailable` in browser mode, `too-many` past the limit. */
  watch: call(runRef, z.object({ watching: z.literal(true) })),
  /** Stops watching a run (no notification). */
  stop: call(runRef, z.object({ stopped: z.boolean() })),
} as const;
