// Replica membership through one Lease per replica; events are sharded by rendezvous hashing over the live replicas.
// No per-event claim write: two replicas may briefly both own an event while membership changes, which is safe because
// reconciliation is idempotent (PipelineRun names derive from the delivery id).
import { createHash } from 'node:crypto';
import type { Disposable } from '../../src-shared/util/disposable';
import type { Informer } from '../../src-node/kube/informer';
import type { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { Lease } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import { microTime } from './leader-election';

/** Options of the membership. */
export interface MembershipOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly instance: string;
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly renewSeconds: number;
  readonly logger: Logger;
}

const ROLE_LABEL = 'pipe.linecorp.com/role';
const INSTANCE_LABEL = 'pipe.linecorp.com/instance';

/** Rendezvous (highest random weight) choice of the owner of `key` among `members`. */
export function ownerOf(key: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1n;
  for (const m of members) {
    const score = BigInt(`0x${createHash('sha1').update(`${m}\n${key}`).digest('hex').slice(0, 15)}`);
    if (score > bestScore || (score === bestScore && best !== undefined && m < best)) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** Keeps this replica's member Lease renewed and tracks which replicas are alive. */
export class Membership implements Disposable {
  private readonly informer: Informer<Lease>;
  private readonly observed = new Map<string, { renewTime: string; seenAt: number; holder: string }>();
  private readonly listeners = new Set<() => void>();
  private live: string[];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: MembershipOptions) {
    this.live = [opts.identity];
    this.informer = opts.client.informer<Lease>(`/apis/coordination.k8s.io/v1/namespaces/${opts.namespace}/leases`, {
      labelSelector: `${ROLE_LABEL}=member,${INSTANCE_LABEL}=${opts.instance}`,
      logger: opts.logger.child({ component: 'membership' }),
    });
    this.informer.onDidChange((type, lease) => {
      if (type === 'DELETED') this.observed.delete(lease.metadata.name);
      else this.observe(lease);
      this.recompute();
    });
  }

  private get leaseName(): string {
    return `pipe-events-member-${createHash('sha1').update(`${this.opts.instance}/${this.opts.identity}`).digest('hex').slice(0, 16)}`;
  }

  /** Registers this replica and starts tracking the others. */
  async start(): Promise<void> {
    await this.renew();
    this.informer.start();
    await this.informer.whenSynced();
    this.recompute();
    const tick = (): void => {
      if (this.stopped) return;
      void this.renew()
        .catch((err: unknown) => this.opts.logger.warn('could not renew the member lease', { err }))
        .finally(() => {
          this.recompute();
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.renewSeconds * 1000);
        });
    };
    this.timer = setTimeout(tick, this.opts.renewSeconds * 1000);
  }

  /** Live replicas (always including this one). */
  get members(): readonly string[] {
    return this.live;
  }

  /** True when this replica should process `key`. */
  owns(key: string): boolean {
    return ownerOf(key, this.live) === this.opts.identity;
  }

  /** Called whenever the set of live replicas changes. */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Leaves: deletes the member lease so the others take over this replica's share at once. */
  async dispose(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.informer.dispose();
    await this.opts.client
      .request(
        'DELETE',
        `/apis/coordination.k8s.io/v1/namespaces/${this.opts.namespace}/leases/${this.leaseName}`,
      )
      .catch(() => undefined);
  }

  private observe(lease: Lease): void {
    const prev = this.observed.get(lease.metadata.name);
    const renewTime = lease.spec.renewTime ?? '';
    if (!prev || prev.renewTime !== renewTime)
      this.observed.set(lease.metadata.name, {
        renewTime,
        seenAt: Date.now(),
        holder: lease.spec.holderIdentity ?? '',
      });
  }

  private recompute(): void {
    const now = Date.now();
    const ttl = this.opts.leaseDurationSeconds * 1000;
    const live = new Set([this.opts.identity]);
    for (const o of this.observed.values()) if (o.holder && now - o.seenAt < ttl) live.add(o.holder);
    const next = [...live].sort();
    if (next.join('\n') === this.live.join('\n')) return;
    this.opts.logger.info('replica membership changed', { members: next });
    this.live = next;
    for (const l of this.listeners) l();
  }

  private async renew(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/${this.opts.namespace}/leases`;
    const now = microTime(Date.now());
    const body = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.leaseName,
        namespace: this.opts.namespace,
        labels: { [ROLE_LABEL]: 'member', [INSTANCE_LABEL]: this.opts.instance },
      },
      spec: {
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: this.opts.leaseDurationSeconds,
        renewTime: now,
      },
    };
    try {
      await this.opts.client.request('PATCH', `${path}/${this.leaseName}`, {
        body: { spec: body.spec },
        contentType: 'application/merge-patch+json',
      });
    } catch (err) {
      if (!isKubeError(err, 'NotFound')) throw err;
      await this.opts.client.request('POST', path, {
        body: { ...body, spec: { ...body.spec, acquireTime: now } },
      });
    }
  }
}
