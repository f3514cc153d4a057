// A desktop notification when a run the user watches (or just triggered with Re-run) finishes, with its result.
// Shown through the Web Notifications API: the desktop app's renderer shows it as a native notification, browser mode
// after the user allowed notifications. The watch lives here, not in the page, so closing the run's tab keeps it;
// clicking the notification opens the run.
import { useSyncExternalStore } from 'react';
import type { RunDetail, RunRef, RunWatchEvent } from '../../../../src-shared/contract/runs';
import { host } from '../../bridge/host';
import { openView } from '../../shell/navigation';

const FINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** A run as the user's link names it (`cluster` as in the route) plus the context it resolved to. */
export interface WatchedRun extends RunRef {
  readonly cluster: string;
}

const watched = new Map<string, () => void>();
const listeners = new Set<() => void>();
let version = 0;

const keyOf = (r: RunRef): string => `${r.context}/${r.namespace}/${r.name}`;

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(): void {
  version++;
  for (const l of listeners) l();
}

/** Whether notifications can be shown here at all (denied counts as no). */
export function notificationsAvailable(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission !== 'denied';
}

function show(run: RunDetail, target: WatchedRun): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(`${run.name}: ${run.phase}`, { body: run.summary, tag: `run-${run.namespace}-${run.name}` });
  n.onclick = () => {
    window.focus();
    openView('run', { title: run.name, params: { cluster: target.cluster, namespace: target.namespace, name: target.name } });
  };
}

/** Watches a run until it finishes, then notifies once. A run already finished when first seen is not announced. */
export function notifyWhenDone(target: WatchedRun): void {
  const key = keyOf(target);
  if (watched.has(key)) return;
  let seen = false;
  const sub: { stop?: () => void } = {};
  const end = (): void => {
    sub.stop?.();
    if (watched.get(key) === end) {
      watched.delete(key);
      changed();
    }
  };
  watched.set(key, end);
  changed();
  sub.stop = host().runs.watchRun(
    { context: target.context, namespace: target.namespace, name: target.name },
    {
      next: (e: RunWatchEvent) => {
        if (e.type === 'gone') return end();
        if (e.type !== 'run') return;
        const done = FINAL.has(e.run.phase);
        if (done && seen) show(e.run, target);
        seen = true;
        if (done) end();
      },
      end: () => end(),
    },
  );
  // The stream may have ended synchronously (a failed subscribe).
  if (!watched.has(key)) sub.stop();
}

/** Stops watching a run (no notification). */
export function stopNotifying(ref: RunRef): void {
  watched.get(keyOf(ref))?.();
}

/** Whether a run is watched. */
export function isNotifying(ref: RunRef): boolean {
  return watched.has(keyOf(ref));
}

/** Asks for permission if needed (on a user's click), then watches the run. */
export async function askAndNotifyWhenDone(target: WatchedRun): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') {
    changed();
    return false;
  }
  notifyWhenDone(target);
  return true;
}

/** A run the user just triggered is watched when notifications are already allowed (no prompt out of the blue). */
export function notifyIfAllowed(target: WatchedRun): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') notifyWhenDone(target);
}

/** The page's toggle: whether the run is watched, whether notifications can be shown, and a toggle. */
export function useRunNotification(target: WatchedRun | undefined): { watching: boolean; available: boolean; toggle: () => void } {
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
