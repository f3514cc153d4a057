// The host's view of self-update: a source of UpdateState plus "restart to update". Electron provides the real one
// (src-main/electron/auto-updater.ts); browser mode and development get `disabledUpdates`.
import type { UpdateState } from '../../src-shared/contract/app';

/** Where updates come from. */
export interface UpdateSource {
  current(): UpdateState;
  onDidChange(listener: (state: UpdateState) => void): () => void;
  /** Quits and installs when an update is ready; false otherwise. */
  restartToUpdate(): boolean;
}

/** No updates (browser mode, development builds); says why. */
export function disabledUpdates(reason: string): UpdateSource {
  const state: UpdateState = { state: 'off', reason };
  return { current: () => state, onDidChange: () => () => undefined, restartToUpdate: () => false };
}
