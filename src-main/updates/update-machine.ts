// Self-update as a small state machine over electron-updater's events, kept free of Electron so it can be tested.
// A failed or tampered download (electron-updater verifies the sha512 and, on macOS/Windows, the signature) is
// reported once and ignored: the app keeps running its current version and tries again at the next check.
import type { UpdateState } from '../../src-shared/contract/app';

/** What the updater reported. */
export type UpdaterEvent =
  | { readonly kind: 'checking' }
  | { readonly kind: 'available'; readonly version: string }
  | { readonly kind: 'not-available' }
  | { readonly kind: 'progress'; readonly percent: number }
  | { readonly kind: 'downloaded'; readonly version: string }
  | { readonly kind: 'error'; readonly message: string };

/** The next state; `now` is the one clock reading for this event. */
export function nextUpdateState(state: UpdateState, event: UpdaterEvent, now: number): UpdateState {
  if (state.state === 'off') return state;
  // A downloaded update stays ready until the user restarts; later checks do not undo it.
  if (state.state === 'ready' && event.kind !== 'downloaded') return state;
  switch (event.kind) {
    case 'checking':
      return { state: 'checking' };
    case 'available':
      return { state: 'downloading', version: event.version, percent: 0 };
    case 'not-available':
      return { state: 'idle', checkedAt: now };
    case 'progress':
      return state.state === 'downloading' ? { ...state, percent: Math.max(0, Math.min(100, event.percent)) } : state;
    case 'downloaded':
      return { state: 'ready', version: event.version };
    case 'error':
      return { state: 'idle', checkedAt: now, lastError: describeUpdateError(event.message) };
  }
}

/** A short reason for the user; electron-updater's messages can hold whole HTTP bodies. */
export function describeUpdateError(message: string): string {
  if (/sha512 checksum mismatch|checksum/i.test(message)) return 'The downloaded update did not match its checksum and was discarded.';
  if (/not signed|signature|code ?sign/i.test(message)) return 'The downloaded update was not signed by the publisher and was discarded.';
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|net::/i.test(message)) return 'Could not reach the update server; will try again later.';
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
}

/** How often a running app checks (and once at start). */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
