// The pipe-events panel's stream: watches the Leases and GitHubEvents of pipe-events' namespace on the core cluster
// and emits the projected status on every change, and when a Lease expires (nothing is polled).
import type { KubeClient } from '../../src-node/kube/kube-client';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { PipeEventsStatus } from '../../src-shared/contract/pipe-events';
import { eventBriefOf, leaseBriefOf, nextExpiry, pipeEventsStatusOf, type EventBrief, type LeaseBrief } from '../../src-shared/pipe-events/status';
import { listWatch, type ListWatchSink } from './list-watch';

/** Where pipe-events keeps its objects. */
export interface StatusStreamOptions {
  readonly context: string;
  readonly namespace: string;
  readonly leaseName: string;
  readonly clock?: Clock;
  /** Events kept (the newest by receipt win when more exist); bounds memory on a busy installation. */
  readonly maxEvents?: number;
}

const EVENTS_PATH = (ns: string): string => `/apis/pipe.linecorp.com/v1alpha1/namespaces/${ns}/githubevents`;
const LEASES_PATH = (ns: string): string => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;

function describe(what: string): (err: unknown) => string {
  return (err) => {
    const status = (err as { status?: unknown } | null)?.status;
    if (status === 404) return `Cannot read ${what}: pipe-events is not installed on this cluster.`;
    if (status === 403) return `Cannot read ${what}: your account may not read pipe-events' namespace.`;
    return `Cannot read ${what}: ${(err as Error).message}`;
  };
}

/** Starts both watches; returns the disposer. `emit` returns false when the subscriber went away. */
export function watchPipeEventsStatus(client: KubeClient, opts: StatusStreamOptions, emit: (s: PipeEventsStatus) => boolean): () => void {
  const clock = opts.clock ?? systemClock;
  const maxEvents = opts.maxEvents ?? 20_000;
  const abort = new AbortController();
  const leases = new Map<string, LeaseBrief>();
  const events = new Map<string, EventBrief>();
  const problems = { leases: undefined as string | undefined, events: undefined as string | undefined };
  let synced = { leases: false, events: false };
  let last = '';
  let expiryTimer: TimerHandle | undefined;
  let scheduled = false;

  const publish = (): void => {
    scheduled = false;
    if (abort.signal.aborted || !synced.leases || !synced.events) return;
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

  function sink<T extends { name: string }>(map: Map<string, T>, which: 'leases' | 'events', cap: number): ListWatchSink<T> {
    return {
      reset: (items) => {
        map.clear();
        for (const i of items.slice(-cap)) map.set(i.name, i);
        synced = { ...synced, [which]: true };
        changed();
      },
      upsert: (i) => {
        if (!map.has(i.name) && map.size >= cap) map.delete(map.keys().next().value!);
        map.set(i.name, i);
        changed();
      },
      remove: (i) => {
        map.delete(i.name);
        changed();
      },
      problem: (message) => {
        if (problems[which] === message) return;
        problems[which] = message;
        // An unreadable collection still shows (as empty) with its problem.
        if (message) synced = { ...synced, [which]: true };
        changed();
      },
    };
  }

  void listWatch(client, LEASES_PATH(opts.namespace), {}, leaseBriefOf, sink(leases, 'leases', 1000), abort.signal, describe('the Leases'));
  void listWatch(client, EVENTS_PATH(opts.namespace), {}, eventBriefOf, sink(events, 'events', maxEvents), abort.signal, describe('the GitHub events'));

  function dispose(): void {
    abort.abort();
    clock.clearTimeout(expiryTimer);
  }
  return dispose;
}
