// Leader election with a coordination.k8s.io/v1 Lease (the client-go algorithm): acquire, renew, take over when expired, release on stop.
import type { Disposable } from '../../src-shared/util/disposable';
import type { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { Lease } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';

/** Options of the elector. */
export interface LeaderElectionOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly renewSeconds: number;
  readonly logger: Logger;
  readonly onStartedLeading: () => void | Promise<void>;
  readonly onStoppedLeading: () => void | Promise<void>;
}

/** RFC 3339 with microseconds, as the Lease's MicroTime fields expect. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Campaigns for the lease in the background; `isLeader` says whether this replica holds it. */
export class LeaderElector implements Disposable {
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private observed: { holder: string; renewTime: string; at: number } | undefined;
  private lastRenew = 0;
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.opts.namespace}/leases`;
  }

  /** Starts campaigning. */
  start(): void {
    void this.tick();
  }

  /** Stops campaigning, gives the lease up (so another replica takes over at once) and runs onStoppedLeading. */
  async dispose(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.transition;
    if (!this.leading) return;
    try {
      const lease = await this.opts.client.request<Lease>('GET', `${this.path}/${this.opts.name}`);
      if (lease.spec.holderIdentity === this.opts.identity) {
        await this.opts.client.request('PUT', `${this.path}/${this.opts.name}`, {
          body: { ...lease, spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1 } },
        });
      }
    } catch (err) {
      this.opts.logger.warn('could not release the lease', { err });
    }
    await this.setLeading(false);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.opts.renewSeconds * 1000);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      const held = await this.tryAcquireOrRenew();
      if (held) this.lastRenew = Date.now();
      if (held !== this.leading) await this.setLeading(held);
    } catch (err) {
      this.opts.logger.warn('leader election round failed', { err });
      // Could not renew: give up leadership before the lease can expire for others.
      if (this.leading && Date.now() - this.lastRenew > (this.opts.leaseDurationSeconds * 1000) / 1.5)
        await this.setLeading(false);
    }
    this.schedule();
  }

  /** true = we hold the lease now, false = someone else does. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = Date.now();
    const me = this.opts.identity;
    let lease: Lease;
    try {
      lease = await this.opts.client.request<Lease>('GET', `${this.path}/${this.opts.name}`);
    } catch (err) {
      if (!isKubeError(err, 'NotFound')) throw err;
      try {
        await this.opts.client.request('POST', this.path, {
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name: this.opts.name, namespace: this.opts.namespace },
            spec: {
              holderIdentity: me,
              leaseDurationSeconds: this.opts.leaseDurationSeconds,
              acquireTime: microTime(now),
              renewTime: microTime(now),
              leaseTransitions: 0,
            },
          },
        });
        return true;
      } catch (createErr) {
        if (isKubeError(createErr, 'AlreadyExists')) return false;
        throw createErr;
      }
    }
    const holder = lease.spec.holderIdentity ?? '';
    const renewTime = lease.spec.renewTime ?? '';
    if (!this.observed || this.observed.holder !== holder || this.observed.renewTime !== renewTime)
      this.observed = { holder, renewTime, at: now };
    const duration = (lease.spec.leaseDurationSeconds ?? this.opts.leaseDurationSeconds) * 1000;
    // Expiry is judged on our own clock since we last saw the record change (immune to clock skew between replicas).
    const expired = holder === '' || now - this.observed.at > duration;
    if (holder !== me && !expired) return false;
    const spec = {
      ...lease.spec,
      holderIdentity: me,
      leaseDurationSeconds: this.opts.leaseDurationSeconds,
      renewTime: microTime(now),
      ...(holder !== me
        ? { acquireTime: microTime(now), leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 }
        : {}),
    };
    try {
      await this.opts.client.request('PUT', `${this.path}/${this.opts.name}`, { body: { ...lease, spec } });
      return true;
    } catch (err) {
      if (isKubeError(err, 'Conflict')) return false;
      throw err;
    }
  }

  private setLeading(value: boolean): Promise<void> {
    if (value === this.leading) return this.transition;
    this.leading = value;
    this.opts.logger.info(value ? 'became leader' : 'stopped leading', {
      lease: this.opts.name,
      identity: this.opts.identity,
    });
    this.transition = this.transition
      .then(() => (value ? this.opts.onStartedLeading() : this.opts.onStoppedLeading()))
      .catch((err: unknown) => {
        this.opts.logger.error('leadership callback failed', { err });
      });
    return this.transition;
  }
}
