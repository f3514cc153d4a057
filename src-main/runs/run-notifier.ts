// Watches the runs the user asked about (Notify me when done, a re-run they started) and shows one desktop notification
// when each finishes — from the host, so it arrives with the window closed. Each run is followed with the same live
// watch the run page uses (`runs.watchRun`: list+watch of the run and its TaskRuns); when it finished, is gone or is
// dropped, its watch is disposed.
import { RpcError } from '../../src-shared/contract/errors';
import { MAX_NOTIFY_RUNS, type RunNotificationsState } from '../../src-shared/contract/run-notifications';
import type { RunRef, RunWatchEvent } from '../../src-shared/contract/runs';
import { formatDeepLink } from '../../src-shared/links/deep-link';
import { RunFinishTracker, runNotificationText } from '../../src-shared/runs/run-notification';
import type { Logger } from '../util/logger';
import type { DesktopNotifier } from './desktop-notifier';

/** Opens the live watch of one run (the `runs.watchRun` handler); returns its disposer. Throws for an unusable context. */
export type WatchRun = (ref: RunRef, emit: (event: RunWatchEvent) => boolean) => () => void;

/** What the notifier needs. */
export interface RunNotifierOptions {
  readonly watchRun: WatchRun;
  /** Undefined where the host cannot show notifications (browser mode): watching is then refused. */
  readonly notifier: DesktopNotifier | undefined;
  readonly log?: Logger;
  readonly maxRuns?: number;
}

interface Watched {
  readonly ref: RunRef;
  stop?: () => void;
}

const keyOf = (r: RunRef): string => `${r.context}\u0000${r.namespace}\u0000${r.name}`;

/** The host's run notifications; `dispose()` ends every watch. */
export class RunNotifier {
  private readonly watched = new Map<string, Watched>();
  private readonly listeners = new Set<(state: RunNotificationsState) => void>();
  private disposed = false;

  constructor(private readonly o: RunNotifierOptions) {}

  /** Whether notifications are shown by the host, and the runs watched now. */
  state(): RunNotificationsState {
    return { desktop: !!this.o.notifier, runs: [...this.watched.values()].map((w) => ({ ...w.ref })) };
  }

  /** Calls `fn` after every change of `state()`; returns the disposer. */
  onDidChange(fn: (state: RunNotificationsState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Watches a run until it finishes, then notifies once; a run already finished when first seen is not announced. */
  watch(ref: RunRef): void {
    if (this.disposed) throw new RpcError('unavailable', 'The host is stopping.');
    if (!this.o.notifier) throw new RpcError('unavailable', 'This host cannot show desktop notifications (browser mode: the page shows them).');
    const key = keyOf(ref);
    if (this.watched.has(key)) return;
    if (this.watched.size >= (this.o.maxRuns ?? MAX_NOTIFY_RUNS)) throw new RpcError('too-many', `At most ${this.o.maxRuns ?? MAX_NOTIFY_RUNS} runs can be watched for notifications at once.`);
    const entry: Watched = { ref: { context: ref.context, namespace: ref.namespace, name: ref.name } };
    const tracker = new RunFinishTracker();
    this.watched.set(key, entry);
    try {
      entry.stop = this.o.watchRun(entry.ref, (event) => this.observe(key, entry, tracker, event));
    } catch (err) {
      this.watched.delete(key);
      throw err;
    }
    // The watch may have ended while it was being opened.
    if (this.watched.get(key) !== entry) entry.stop();
    else this.changed();
  }

  /** Stops watching a run without a notification; false when it was not watched. */
  stop(ref: RunRef): boolean {
    const key = keyOf(ref);
    const entry = this.watched.get(key);
    if (!entry) return false;
    this.drop(key, entry);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    for (const [key, entry] of [...this.watched]) this.drop(key, entry);
    this.listeners.clear();
  }

  private observe(key: string, entry: Watched, tracker: RunFinishTracker, event: RunWatchEvent): boolean {
    if (this.watched.get(key) !== entry) return false;
    if (event.type === 'problem') {
      // The watch keeps retrying on its own; the run page shows the problem.
      this.o.log?.debug('run notification watch problem', { namespace: entry.ref.namespace, name: entry.ref.name, message: event.message });
      return true;
    }
    if (event.type === 'gone') {
      tracker.end();
      this.drop(key, entry);
      return false;
    }
    const step = tracker.observe(event.run.phase);
    if (step === 'keep-watching') return true;
    this.drop(key, entry);
    if (step === 'notify') this.show(entry.ref, event.run);
    return false;
  }

  private show(ref: RunRef, run: Extract<RunWatchEvent, { type: 'run' }>['run']): void {
    const link = formatDeepLink({ kind: 'run', cluster: ref.context, namespace: ref.namespace, name: ref.name });
    try {
      this.o.notifier?.show({ ...runNotificationText(run), link });
    } catch (err) {
      this.o.log?.warn('could not show a desktop notification', { error: String(err) });
    }
  }

  private drop(key: string, entry: Watched): void {
    if (this.watched.get(key) !== entry) return;
    this.watched.delete(key);
    entry.stop?.();
    this.changed();
  }

  private changed(): void {
    const state = this.state();
    for (const l of this.listeners) l(state);
  }
}
