// The pipe-events panel's stream: watches the Leases and GitHubEvents of pipe-events' namespace on the core cluster
// and emits the projected status on every change, and when a Lease expires (nothing is polled).
import { Informer, type InformerState } from '../../src-node/kube/informer';
import type { KubeClient } from '../../src-node/kube/kube-client';
import type { KubeObject } from '../../src-node/kube/kube-types';
import type { ClusterProblem } from '../../src-shared/contract/clusters';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { PipeEventsStatus } from '../../src-shared/contract/pipe-events';
import { eventBriefOf, leaseBriefOf, nextExpiry, pipeEventsStatusOf } from '../../src-shared/pipe-events/status';

/** Where pipe-events keeps its objects. */
export interface StatusStreamOptions {
  readonly context: string;
  readonly namespace: string;
  readonly leaseName: string;
  readonly clock?: Clock;
}

const EVENTS_PATH = (ns: string): string => `/apis/pipe.linecorp.com/v1alpha1/namespaces/${ns}/githubevents`;
const LEASES_PATH = (ns: string): string => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;

function describe(what: string, problem: ClusterProblem): string {
  if (problem.code === 'not-found') return `Cannot read ${what}: pipe-events is not installed on this cluster.`;
  if (problem.code === 'forbidden') return `Cannot read ${what}: your account may not read pipe-events' namespace.`;
  return `Cannot read ${what}: ${problem.message}`;
}

/** Starts both watches; returns the disposer. `emit` returns false when the subscriber went away. */
export function watchPipeEventsStatus(client: KubeClient, opts: StatusStreamOptions, emit: (s: PipeEventsStatus) => boolean): () => void {
  const clock = opts.clock ?? systemClock;
  let disposed = false;
  const problems = { leases: undefined as string | undefined, events: undefined as string | undefined };
  let synced = { leases: false, events: false };
  let last = '';
  let expiryTimer: TimerHandle | undefined;
  let scheduled = false;

  const publish = (): void => {
    scheduled = false;
    if (disposed || !synced.leases || !synced.events) return;
    const now = clock.now();
    const problem = [problems.leases, problems.events].filter(Boolean).join(' ');
    const status: PipeEventsStatus = {
      context: opts.context,
      namespace: opts.namespace,
      ...pipeEventsStatusOf({ leases: leases.values(), events: events.values(), leaseName: opts.leaseName, now }),
      ...(problem ? { problem } : {}),
    };
    // A Lease that expires changes the view without any watch event: wake up then.
    clock.clearTimeout(expiryTimer);
    const at = nextExpiry(leases.values(), now);
    if (at !== undefined) expiryTimer = clock.setTimeout(publish, at - now + 50);
    const key = JSON.stringify(status);
    if (key === last) return;
    last = key;
    if (!emit(status)) dispose();
  };
  // Many watch events in a burst (a relist, a busy minute) make one snapshot.
  const changed = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(publish);
  };

  function watch<T extends { name: string }>(path: string, project: (o: KubeObject) => T, which: 'leases' | 'events', what: string): Informer<T> {
    // Only the briefs are kept (a few hundred bytes per object), not the objects.
    const informer = new Informer<T>({ client, path, project, key: (i) => i.name, same: (a, b) => JSON.stringify(a) === JSON.stringify(b), clock, what });
    informer.onDidChange(changed);
    informer.onDidSync(() => {
      synced = { ...synced, [which]: true };
      changed();
    });
    informer.onDidChangeState((state: InformerState, problem) => {
      const message = (state === 'failed' || state === 'reconnecting') && problem ? describe(what, problem) : undefined;
      if (problems[which] === message) return;
      problems[which] = message;
      // An unreadable collection still shows (as empty) with its problem.
      if (message) synced = { ...synced, [which]: true };
      changed();
    });
    return informer.start();
  }

  const leases = watch(LEASES_PATH(opts.namespace), leaseBriefOf, 'leases', 'the Leases');
  const events = watch(EVENTS_PATH(opts.namespace), eventBriefOf, 'events', 'the GitHub events');
  const informers = [leases, events];

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    clock.clearTimeout(expiryTimer);
    for (const i of informers) void i.dispose();
  }
  return dispose;
}
