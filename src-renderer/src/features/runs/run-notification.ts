// A desktop notification when a run the user watches (or just triggered with Re-run) finishes, with its result.
// The desktop app's host shows it (Electron's Notification from the main process, so it arrives with the window
// closed): the page only asks the host to watch (contract `runNotifications`) and never notifies itself. Browser mode's
// host cannot: the page watches the run and shows a Web Notification, after the user allowed them on a click. When a
// run counts as finished and what the notification says come from src-shared/runs/run-notification.ts.
import { useEffect, useSyncExternalStore } from 'react';
import type { RunNotificationsState } from '../../../../src-shared/contract/run-notifications';
import type { RunDetail, RunRef, RunWatchEvent } from '../../../../src-shared/contract/runs';
import { RunFinishTracker, runNotificationText } from '../../../../src-shared/runs/run-notification';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { createRetainedStream } from '../../bridge/retained-stream';
import { openView } from '../../shell/navigation';

/** A run as the user's link names it (`cluster` as in the route) plus the context it resolved to. */
export interface WatchedRun extends RunRef {
  readonly cluster: string;
}

/** Runs the page watches itself (browser mode), by key. */
const watched = new Map<string, { readonly target: WatchedRun; readonly end: () => void }>();
const listeners = new Set<() => void>();
let version = 0;
/** What the host said last: whether it notifies, and which runs it watches. */
let hostState: RunNotificationsState | undefined;

const keyOf = (r: RunRef): string => `${r.context}/${r.namespace}/${r.name}`;
const refOf = (r: RunRef): RunRef => ({ context: r.context, namespace: r.namespace, name: r.name });

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(): void {
  version++;
  for (const l of listeners) l();
}

/** Keeps the host's notification state flowing while a page shows the toggle. */
const retainHostState = createRetainedStream<RunNotificationsState>((observer) => host().runNotifications.state({}, observer), {
  value: (state) => {
    hostState = state;
    if (state.desktop) handOverToHost();
    changed();
  },
  problem: () => undefined,
});

/** True when the host shows notifications itself (the desktop app): the page then never shows one. */
function hostNotifies(): boolean {
  return hostState?.desktop === true;
}

/** Runs the page started watching before it knew the host notifies go to the host (one notifier, never two). */
function handOverToHost(): void {
  for (const { target, end } of [...watched.values()]) {
    end();
    void watchOnHost(target);
  }
}

async function watchOnHost(ref: RunRef): Promise<boolean> {
  try {
    await host().runNotifications.watch(refOf(ref));
    return true;
  } catch (err) {
    reportError('Watching the run for a notification', err);
    return false;
  }
}

/** Whether notifications can be shown here at all (browser mode: denied counts as no). */
export function notificationsAvailable(): boolean {
  return hostNotifies() || (typeof Notification !== 'undefined' && Notification.permission !== 'denied');
}

function show(run: RunDetail, target: WatchedRun): void {
  if (hostNotifies() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const { title, body } = runNotificationText(run);
  const n = new Notification(title, { body, tag: `run-${run.namespace}-${run.name}` });
  n.onclick = () => {
    window.focus();
    openView('run', { title: run.name, params: { cluster: target.cluster, namespace: target.namespace, name: target.name } });
  };
}

/**
 * Watches a run until it finishes, then notifies once (the host in the desktop app, else this page). A run already
 * finished when first seen is not announced. The page's watch resubscribes after a lost connection and keeps what it
 * saw, so a run that finished meanwhile is still announced, once.
 */
export function notifyWhenDone(target: WatchedRun): void {
  if (hostNotifies()) {
    void watchOnHost(target);
    return;
  }
  const key = keyOf(target);
  if (watched.has(key)) return;
  const tracker = new RunFinishTracker();
  let stopStream: (() => void) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  const end = (): void => {
    tracker.end();
    clearTimeout(retry);
    stopStream?.();
    stopStream = undefined;
    if (watched.get(key) === entry) {
      watched.delete(key);
      changed();
    }
  };
  const open = (): void => {
    retry = undefined;
    try {
      stopStream = host().runs.watchRun(refOf(target), {
        next: (e: RunWatchEvent) => {
          attempt = 0;
          if (e.type === 'gone') return end();
          if (e.type !== 'run') return;
          const step = tracker.observe(e.run.phase);
          if (step === 'keep-watching') return;
          if (step === 'notify') show(e.run, target);
          end();
        },
        end: (err) => {
          stopStream = undefined;
          // The connection dropped: watch again while the run is still wanted; any other end stops the watch.
          if (err?.code === 'unavailable' && watched.get(key) === entry) retry = setTimeout(open, Math.min(500 * 2 ** attempt++, 10_000));
          else end();
        },
      });
    } catch {
      end();
    }
  };
  const entry = { target, end };
  watched.set(key, entry);
  changed();
  open();
}

/** Stops watching a run (no notification). */
export function stopNotifying(ref: RunRef): void {
  if (hostNotifies()) {
    void host()
      .runNotifications.stop(refOf(ref))
      .catch((err: unknown) => reportError('Stopping the run notification', err));
  }
  watched.get(keyOf(ref))?.end();
}

/** Whether a run is watched (by the host or by this page). */
export function isNotifying(ref: RunRef): boolean {
  const key = keyOf(ref);
  return watched.has(key) || (hostState?.runs.some((r) => keyOf(r) === key) ?? false);
}

/** On the user's click: in browser mode asks for permission first if needed; then watches the run. */
export async function askAndNotifyWhenDone(target: WatchedRun): Promise<boolean> {
  if (hostNotifies()) return watchOnHost(target);
  if (typeof Notification === 'undefined') return false;
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') {
    changed();
    return false;
  }
  notifyWhenDone(target);
  return true;
}

/** A run the user just triggered is watched when the host notifies or notifications are already allowed (no prompt out of the blue). */
export function notifyIfAllowed(target: WatchedRun): void {
  if (hostNotifies() || (typeof Notification !== 'undefined' && Notification.permission === 'granted')) notifyWhenDone(target);
}

/** The page's toggle: whether the run is watched, whether notifications can be shown, and a toggle. */
export function useRunNotification(target: WatchedRun | undefined): { watching: boolean; available: boolean; toggle: () => void } {
  useEffect(() => retainHostState(), []);
  useSyncExternalStore(subscribe, () => version);
  const watching = !!target && isNotifying(target);
  return {
    watching,
    available: notificationsAvailable(),
    toggle: () => {
      if (!target) return;
      if (watching) stopNotifying(target);
      else void askAndNotifyWhenDone(target);
    },
  };
}

/** Forgets the host's state and the page's watches (tests). */
export function resetRunNotifications(): void {
  for (const { end } of [...watched.values()]) end();
  hostState = undefined;
  changed();
}
