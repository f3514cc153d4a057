// Sending a sample GitHub event to the local PIPE (the host signs it; the renderer never sees the secret), then
// opening the GitHub events view on the new delivery.
import type { SampleEventKindName } from '../../../../src-shared/contract/pipe-events';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { openView } from '../../shell/navigation';
import { appActions } from '../../state/store';

/** The kinds people can send, with their labels. */
export const SAMPLE_KINDS: readonly { kind: SampleEventKindName; label: string }[] = [
  { kind: 'push', label: 'push' },
  { kind: 'pull_request', label: 'pull request' },
  { kind: 'tag', label: 'tag' },
  { kind: 'deployment', label: 'deployment' },
];

/** Sends one sample; on success shows the events view with its delivery selected. */
export async function sendSampleEvent(kind: SampleEventKindName, branch?: string): Promise<string | undefined> {
  try {
    const sent = await host().pipeEvents.sendSample({ kind, ...(branch ? { branch } : {}) });
    appActions().noticeReceived({ id: `sample-${sent.deliveryId}`, level: sent.status === 202 ? 'info' : 'error', message: `Sample ${sent.summary}: pipe-events answered ${sent.status} ${sent.message}`, at: Date.now() });
    if (sent.status === 202) openView('runs.events', { params: { delivery: sent.deliveryId } });
    return sent.deliveryId;
  } catch (err) {
    reportError('Sending a sample event', err);
    return undefined;
  }
}
