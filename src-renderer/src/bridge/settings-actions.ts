// Settings changes from the UI: sent to the host, which owns and persists them.
import type { Settings, SettingsPatch } from '../../../src-shared/contract/settings';
import { appActions } from '../state/store';
import { host } from './host';
import { reportError } from './report-error';

/** Sends a partial update; the store takes the host's answer (the stream would deliver it too). */
export async function updateSettings(patch: SettingsPatch): Promise<Settings | undefined> {
  try {
    const next = await host().settings.update(patch);
    appActions().settingsReceived(next);
    return next;
  } catch (err) {
    reportError('Saving settings', err);
    return undefined;
  }
}
