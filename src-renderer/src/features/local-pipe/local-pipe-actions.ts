// Start, cancel and stop the local PIPE from the UI.
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';

/** Builds what is missing, starts the local PIPE and signs in to it (follow the status). */
export async function startLocalPipe(): Promise<void> {
  await host().localPipe.start({}).catch((err: unknown) => reportError('Starting a local PIPE', err));
}

/** Cancels a build or start in progress. */
export async function cancelLocalPipe(): Promise<void> {
  await host().localPipe.cancel({}).catch((err: unknown) => reportError('Cancelling the local PIPE', err));
}

/** Signs out of the local PIPE and stops it. */
export async function stopLocalPipe(): Promise<void> {
  await host().localPipe.stop({}).catch((err: unknown) => reportError('Stopping the local PIPE', err));
}
