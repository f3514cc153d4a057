// The status bar's update item: progress while an update downloads, "Restart to update" once it is ready.
import type { ReactElement } from 'react';
import { useUpdateState } from '../state/selectors';
import { host } from '../bridge/host';
import { reportError } from '../bridge/report-error';

/** Nothing while idle or off; a quiet note while downloading; a button when ready. */
export function UpdateStatus(): ReactElement | null {
  const update = useUpdateState();
  if (!update) return null;
  if (update.state === 'downloading') {
    return (
      <span className="statusbar__item statusbar__muted" role="status" title={`Downloading PIPE Desktop ${update.version}`}>
        Updating… {Math.round(update.percent)}%
      </span>
    );
  }
  if (update.state === 'ready') {
    const restart = (): void => {
      host()
        .app.restartToUpdate({})
        .then(
          ({ restarting }) => {
            if (!restarting) reportError('Updating', new Error('The update is no longer ready; it will be downloaded again.'));
          },
          (err: unknown) => reportError('Updating', err),
        );
    };
    return (
      <button type="button" className="statusbar__item statusbar__button statusbar__button--attention" onClick={restart} title={`PIPE Desktop ${update.version} is ready`}>
        Restart to update
      </button>
    );
  }
  if (update.state === 'idle' && update.lastError) {
    return (
      <span className="statusbar__item statusbar__muted" title={update.lastError}>
        Update failed
      </span>
    );
  }
  return null;
}
