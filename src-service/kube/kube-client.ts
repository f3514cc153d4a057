// pipe-events' admission policy over the one Node Kubernetes client (src-node/kube): requests in flight per cluster
// are capped, and the webhook path jumps ahead of background work. Transport, credentials and errors are shared.
import type { IncomingMessage } from 'node:http';
import pLimit from 'p-limit';
import { KubeClient as NodeKubeClient, type KubeRequest } from '../../src-node/kube/kube-client';
import { Informer } from '../../src-node/kube/informer';
import type { KubeObject } from '../../src-node/kube/kube-types';
import type { Logger } from '../../src-node/log/logger';
import type { ClusterAccess } from '../config/config-schema';

/** Options of one request. */
export interface KubeRequestOptions {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Defaults to application/json; patches pass merge-patch or json-patch types. */
  readonly contentType?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** High-priority calls (recording a delivery GitHub is waiting on) jump the queue of background work. */
  readonly priority?: 'high' | 'low';
}

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Requests in flight per cluster (watches not counted): more only adds contention in the API server. Background work
 * (reconcile, report, cleanup) gets fewer slots than the webhook path, so a burst of deliveries is acknowledged quickly
 * while the backlog drains behind it.
 */
const MAX_IN_FLIGHT = { high: 16, low: 8, lowDuringBurst: 2 } as const;
/** Background work is held to `lowDuringBurst` slots until this long after the last webhook-path request. */
const BURST_QUIET_MS = 1000;

/** JSON over the Kubernetes API of one cluster, with pipe-events' priorities. */
export class KubeClient {
  private readonly slots = { high: pLimit(MAX_IN_FLIGHT.high), low: pLimit(MAX_IN_FLIGHT.low) };
  private burstTimer: NodeJS.Timeout | undefined;

  constructor(
    /** The shared client (also usable directly for streams, exec and apply). */
    readonly api: NodeKubeClient,
    /** Name for logs and metrics. */
    readonly name: string,
  ) {}

  /** Builds a client from config: a kubeconfig file (+ context) or the pod's service account. */
  static fromAccess(access: ClusterAccess, name: string): KubeClient {
    const options = { userAgent: 'pipe-events', fieldManager: 'pipe-events' };
    const api = access.inCluster ? NodeKubeClient.inCluster(options) : NodeKubeClient.fromFile(access.kubeconfig!, access.context, undefined, options);
    return new KubeClient(api, name);
  }

  /** The API server URL (for links and logs). */
  get serverUrl(): string {
    return this.api.server;
  }

  /** Sends a request and parses the JSON answer; non-2xx → KubeError (src-node/kube/kube-errors). */
  async request<T>(method: string, path: string, opts: KubeRequestOptions = {}): Promise<T> {
    if (opts.priority === 'high') this.noteBurst();
    return this.slots[opts.priority ?? 'low'](() =>
      this.api.request<T>(path, {
        method: method as KubeRequest['method'],
        timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(opts.query ? { query: opts.query } : {}),
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        ...(opts.contentType ? { contentType: opts.contentType } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
  }

  /** A list+watch cache of a collection (src-node/kube/informer.ts); its LIST pages count as background requests. */
  informer<T extends KubeObject>(path: string, opts: { readonly labelSelector?: string; readonly logger: Logger }): Informer<T> {
    return new Informer<T>({
      client: this.api,
      path,
      logger: opts.logger,
      watchTimeoutS: [240, 240],
      throttle: (run) => this.slots.low(run),
      ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
    });
  }

  /** Opens a streaming GET (watch); the caller reads lines from the response. Non-2xx → KubeError. */
  stream(path: string, opts: KubeRequestOptions = {}): Promise<IncomingMessage> {
    return this.api.openStream(path, {
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(opts.query ? { query: opts.query } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** A webhook-path request: shrink background concurrency until the burst is over. */
  private noteBurst(): void {
    if (!this.burstTimer) this.slots.low.concurrency = MAX_IN_FLIGHT.lowDuringBurst;
    clearTimeout(this.burstTimer);
    this.burstTimer = setTimeout(() => {
      this.burstTimer = undefined;
      this.slots.low.concurrency = MAX_IN_FLIGHT.low;
    }, BURST_QUIET_MS);
    this.burstTimer.unref?.();
  }

  /** Closes pooled connections. */
  dispose(): void {
    clearTimeout(this.burstTimer);
    this.api.dispose();
  }
}
