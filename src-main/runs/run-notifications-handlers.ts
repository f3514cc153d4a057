// Handlers for the `runNotifications` domain over the host's RunNotifier, and the run watch it follows runs with.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { runNotificationsContract } from '../../src-shared/contract/run-notifications';
import type { runsContract } from '../../src-shared/contract/runs';
import type { RunNotifier, WatchRun } from './run-notifier';

/** Builds the `runNotifications` handlers. */
export function createRunNotificationsHandlers(notifier: RunNotifier): DomainHandlers<typeof runNotificationsContract> {
  return {
    state: (_args, emit) => {
      emit(notifier.state());
      return notifier.onDidChange((state) => void emit(state));
    },
    watch: (ref) => {
      notifier.watch(ref);
      return { watching: true as const };
    },
    stop: (ref) => ({ stopped: notifier.stop(ref) }),
  };
}

/** The `runs.watchRun` handler as the notifier's run watch: the same list+watch the run page gets, owned by the host. */
export function watchRunFromHandler(watchRun: DomainHandlers<typeof runsContract>['watchRun']): WatchRun {
  return (ref, emit) => {
    const abort = new AbortController();
    const opened = watchRun(ref, emit, { connectionId: 'host:run-notifier', signal: abort.signal });
    if (typeof opened === 'function') return () => (abort.abort(), opened());
    let stopped = false;
    let stop: (() => void) | undefined;
    void opened.then(
      (s) => (stopped ? s() : (stop = s)),
      (err: unknown) => void emit({ type: 'problem', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      stopped = true;
      abort.abort();
      stop?.();
    };
  };
}
