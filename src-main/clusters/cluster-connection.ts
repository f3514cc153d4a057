// One cluster's health and its single retry loop (shared by every view and informer of that cluster).
import type { ClusterProblem, ClusterStatus } from '../../src-shared/contract/clusters';
import type { Logger } from '../util/logger';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { KubeError } from '../../src-node/kube/kube-errors';

/** Retry and health-check timing. */
export interface ConnectionTiming {
  readonly baseMs: number;
  /** Longest wait between retries while a view uses the cluster. */
  readonly maxMs: number;
  /** Longest wait between retries while nothing uses it. */
  readonly idleMaxMs: number;
  /** Health check period while ready and in use. */
  readonly healthMs: number;
  readonly idleHealthMs: number;
  readonly probeTimeoutMs: number;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  baseMs: 1000,
  maxMs: 30_000,
  idleMaxMs: 300_000,
  healthMs: 60_000,
  idleHealthMs: 300_000,
  probeTimeoutMs: 8000,
};

type Listener = (status: ClusterStatus) => void;

/** How a connection behaves. */
export interface ConnectionOptions {
  readonly timing?: Partial<ConnectionTiming>;
  readonly log?: Logger;
  readonly random?: () => number;
  readonly invalid?: ClusterProblem;
  readonly clock?: Clock;
  /** Check only once the user opens the cluster (a view retains it, or retryNow): checking runs an exec plugin. */
  readonly lazy?: boolean;
  /** False while the exec command waits for the user's approval: nothing is checked and nothing runs. */
  readonly isApproved?: () => boolean;
}

/** Tracks reachability and auth of one context; everything that talks to the cluster reports here and waits here. */
export class ClusterConnection {
  private current: ClusterStatus = { phase: 'connecting', auth: 'unknown' };
  private readonly listeners = new Set<Listener>();
  private readonly waiters = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private probing: Promise<void> | undefined;
  private attempt = 0;
  private users = 0;
  private disposed = false;
  private abort = new AbortController();
  /** Bumped after every successful check; failed views retry when it changes. */
  generation = 0;

  constructor(
    readonly context: string,
    readonly client: KubeClient | undefined,
    private readonly namespace: () => string,
    private readonly options: ConnectionOptions = {},
  ) {
    if (!client) this.current = { phase: 'invalid', auth: 'unknown', ...(options.invalid ? { problem: options.invalid } : {}) };
    else if (options.lazy) this.current = { phase: 'idle', auth: 'unknown' };
  }

  /** True once the user opened the cluster (lazy connections check nothing before). */
  private opened = false;

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  private get timing(): ConnectionTiming {
    return { ...DEFAULT_TIMING, ...this.options.timing };
  }

  get status(): ClusterStatus {
    return this.current;
  }

  get isReady(): boolean {
    return this.current.phase === 'ready';
  }

  /** Starts the first check (the registry staggers these); a lazy connection waits until it is opened. */
  start(): Promise<void> {
    if (this.options.lazy && !this.opened) return Promise.resolve();
    return this.probe();
  }

  /** The user opened the cluster: a lazy connection starts checking (after approval, when one is needed). */
  open(): Promise<void> {
    if (this.opened) return this.current.phase === 'idle' || this.current.phase === 'needs-approval' ? this.probe() : Promise.resolve();
    this.opened = true;
    return this.probe();
  }

  /** A view starts or stops using the cluster; used clusters retry and re-check sooner. */
  retain(): () => void {
    this.users++;
    if (this.options.lazy && !this.opened) void this.open();
    else if (this.users === 1 && this.current.phase !== 'ready' && this.current.phase !== 'invalid') this.schedule(0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users--;
    };
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the cluster is ready (at once if it is); rejects when `signal` aborts. */
  whenReady(signal: AbortSignal): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.waiters.delete(done);
        reject(signal.reason ?? new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(done);
    });
  }

  /** Resolves after the next successful check (used by views whose last attempt failed for a resource-specific reason). */
  nextGeneration(signal: AbortSignal): Promise<void> {
    const start = this.generation;
    return new Promise((resolve, reject) => {
      const off = this.onDidChange(() => {
        if (this.generation === start) return;
        off();
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        off();
        reject(signal.reason ?? new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A request failed: unreachable or auth failures move the whole cluster into the retry loop. */
  reportFailure(err: KubeError): void {
    if (this.disposed || !this.client || this.current.phase === 'idle' || this.current.phase === 'needs-approval') return;
    if (err.isUnreachable) this.fail('unreachable', err.problem);
    else if (err.isAuthFailure) this.fail('auth-failed', err.problem, 'expired');
  }

  /** Skips the wait and checks now. */
  retryNow(): Promise<void> {
    this.attempt = 0;
    this.opened = true;
    return this.probe();
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    this.clock.clearTimeout(this.timer);
    this.listeners.clear();
    this.waiters.clear();
  }

  private fail(phase: 'unreachable' | 'auth-failed', problem: ClusterProblem, auth?: ClusterStatus['auth']): void {
    if (this.current.phase === phase && this.timer) return;
    const delay = this.backoff();
    const now = this.clock.now();
    this.set({
      ...this.current,
      phase,
      ...(auth ? { auth } : {}),
      problem,
      retryAt: now + delay,
      checkedAt: now,
    });
    this.schedule(delay);
  }

  private backoff(): number {
    const t = this.timing;
    const cap = this.users > 0 ? t.maxMs : t.idleMaxMs;
    const raw = Math.min(t.baseMs * 2 ** this.attempt, cap);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(raw * (0.8 + 0.4 * (this.options.random ?? Math.random)()));
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.probe();
    }, delayMs);
  }

  private probe(): Promise<void> {
    if (this.disposed || !this.client) return Promise.resolve();
    if (this.options.lazy && !this.opened) return Promise.resolve();
    if (this.options.isApproved && !this.options.isApproved()) {
      if (this.current.phase !== 'needs-approval') this.set({ phase: 'needs-approval', auth: 'unknown' });
      return Promise.resolve();
    }
    if (this.current.phase === 'idle' || this.current.phase === 'needs-approval') this.set({ phase: 'connecting', auth: 'unknown' });
    this.probing ??= this.runProbe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async runProbe(): Promise<void> {
    const client = this.client!;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const signal = this.abort.signal;
    const req = { signal, timeoutMs: this.timing.probeTimeoutMs };
    try {
      const version = await client.request<{ gitVersion?: string }>('/version', req);
      let username: string | undefined;
      try {
        const review = await client.request<{ status?: { userInfo?: { username?: string } } }>(
          '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          { ...req, method: 'POST', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
        );
        username = review.status?.userInfo?.username;
      } catch (err) {
        // Old clusters lack the API (404) and some policies refuse it (403): neither says the login is bad.
        if (!(err instanceof KubeError) || (err.status !== 404 && err.status !== 403)) throw err;
      }
      const ns = this.namespace();
      let auth: ClusterStatus['auth'] = 'ok';
      let problem: ClusterProblem | undefined;
      try {
        await client.request(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, { ...req, query: { limit: 1 } });
      } catch (err) {
        if (!(err instanceof KubeError) || err.status !== 403) throw err;
        auth = 'forbidden';
        problem = err.problem;
      }
      if (this.disposed) return;
      this.attempt = 0;
      this.generation++;
      this.set({
        phase: 'ready',
        auth,
        ...(version.gitVersion ? { serverVersion: version.gitVersion } : {}),
        ...(username ? { username } : {}),
        ...(problem ? { problem } : {}),
        checkedAt: this.clock.now(),
      });
      for (const w of [...this.waiters]) w();
      this.schedule(this.users > 0 ? this.timing.healthMs : this.timing.idleHealthMs);
    } catch (err) {
      if (this.disposed || signal.aborted) return;
      const e = err instanceof KubeError ? err : new KubeError({ kind: 'network', message: String(err) });
      this.options.log?.debug('cluster check failed', { context: this.context, code: e.problem.code });
      if (e.facts.kind === 'config') {
        this.set({ phase: 'invalid', auth: 'unknown', problem: e.problem, checkedAt: this.clock.now() });
        return;
      }
      const phase = e.isAuthFailure ? 'auth-failed' : 'unreachable';
      // Any other definite answer (e.g. 404 on /version) is treated like unreachable: something else listens there.
      this.fail(phase, e.problem, e.isAuthFailure ? 'expired' : undefined);
    }
  }

  private set(status: ClusterStatus): void {
    this.current = status;
    for (const l of [...this.listeners]) l(status);
  }
}
