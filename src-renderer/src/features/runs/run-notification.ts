// A desktop notification when a run the user watches finishes (the Web Notifications API: Chromium in browser mode,
// Electron's renderer shows it as a native notification). Asked for only when the user turns it on.
import { useEffect, useRef, useState } from 'react';
import type { RunDetail } from '../../../../src-shared/contract/runs';

const FINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** Whether notifications can be shown here at all. */
function supported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Watches `run`; returns whether the user asked to be notified and a toggle (asks for permission on first use). */
export function useRunFinishedNotification(run: RunDetail | undefined): { watching: boolean; available: boolean; toggle: () => void } {
  const [watching, setWatching] = useState(false);
  const lastPhase = useRef<string | undefined>(undefined);
  useEffect(() => {
    const phase = run?.phase;
    const was = lastPhase.current;
    lastPhase.current = phase;
    if (!run || !watching || !phase || !was || FINAL.has(was) || !FINAL.has(phase)) return;
    if (supported() && Notification.permission === 'granted') {
      new Notification(`${run.name}: ${phase}`, { body: run.summary, tag: `run-${run.namespace}-${run.name}` });
    }
  }, [run, watching]);
  const toggle = (): void => {
    if (watching) return setWatching(false);
    if (!supported()) return;
    if (Notification.permission === 'granted') setWatching(true);
    else void Notification.requestPermission().then((p) => setWatching(p === 'granted'));
  };
  return { watching, available: supported() && Notification.permission !== 'denied', toggle };
}
