// Self-update in the packaged app: electron-updater against the GitHub Releases named in build/electron-builder.yml.
// Checks at start and every few hours, downloads in the background, installs on "Restart to update" (or next quit).
// Signature and sha512 checks are electron-updater's; a failure is reported as state and ignored.
import electronUpdater from 'electron-updater';
import type { UpdateState } from '../../src-shared/contract/app';
import type { UpdateSource } from '../updates/update-source';
import { nextUpdateState, UPDATE_CHECK_INTERVAL_MS, type UpdaterEvent } from '../updates/update-machine';
import type { Logger } from '../util/logger';

/** The running updater; dispose stops the periodic checks. */
export interface AutoUpdater extends UpdateSource {
  setChannel(channel: 'stable' | 'beta'): void;
  dispose(): void;
}

/** Starts checking (once now, then every few hours). */
export function startAutoUpdater(log: Logger, channel: 'stable' | 'beta'): AutoUpdater {
  const { autoUpdater } = electronUpdater;
  let state: UpdateState = { state: 'idle' };
  const listeners = new Set<(s: UpdateState) => void>();
  const apply = (event: UpdaterEvent): void => {
    const next = nextUpdateState(state, event, Date.now());
    if (event.kind === 'error') log.warn('update failed; keeping the current version', { reason: next.state === 'idle' ? next.lastError : '' });
    if (next === state) return;
    state = next;
    for (const l of listeners) l(state);
  };

  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  const setChannel = (c: 'stable' | 'beta'): void => {
    // Beta users get betas and stable releases; stable users never get a pre-release.
    autoUpdater.allowPrerelease = c === 'beta';
    autoUpdater.channel = c === 'beta' ? 'beta' : 'latest';
  };
  setChannel(channel);
  autoUpdater.on('checking-for-update', () => apply({ kind: 'checking' }));
  autoUpdater.on('update-available', (info) => apply({ kind: 'available', version: info.version }));
  autoUpdater.on('update-not-available', () => apply({ kind: 'not-available' }));
  autoUpdater.on('download-progress', (p) => apply({ kind: 'progress', percent: p.percent }));
  autoUpdater.on('update-downloaded', (info) => apply({ kind: 'downloaded', version: info.version }));
  autoUpdater.on('error', (err) => apply({ kind: 'error', message: String(err?.message ?? err) }));

  const check = (): void => {
    autoUpdater.checkForUpdates().catch((err: unknown) => apply({ kind: 'error', message: String((err as Error)?.message ?? err) }));
  };
  check();
  const timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  timer.unref();

  return {
    current: () => state,
    onDidChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restartToUpdate: () => {
      if (state.state !== 'ready') return false;
      setImmediate(() => autoUpdater.quitAndInstall());
      return true;
    },
    setChannel,
    dispose: () => {
      clearInterval(timer);
      listeners.clear();
      autoUpdater.removeAllListeners();
    },
  };
}
