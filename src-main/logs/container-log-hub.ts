// One shared log per container (context, namespace, pod, container), whoever asks for it; released when unused.
import type { Clock } from '../../src-node/time/clock';
import type { LogStreamOpener } from '../../src-node/kube/pod-log-follower';
import { DEFAULT_LOG_LIMITS, SharedContainerLog, type SharedLogLimits } from './shared-container-log';

/** Identifies one container's log. */
export interface ContainerLogKey {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** What the hub needs. */
export interface ContainerLogHubDeps {
  /** The opener of a context (throws a typed error when the context cannot be used). */
  readonly openerFor: (context: string) => LogStreamOpener;
  readonly limits?: SharedLogLimits;
  readonly clock?: Clock;
}

/** Hands out shared container logs by key, counting users. */
export class ContainerLogHub {
  private readonly logs = new Map<string, { log: SharedContainerLog; users: number }>();

  constructor(private readonly deps: ContainerLogHubDeps) {}

  /** The shared log of a container and a release function (the last release stops its follower). */
  acquire(key: ContainerLogKey): { log: SharedContainerLog; release: () => void } {
    const id = JSON.stringify([key.context, key.namespace, key.pod, key.container]);
    let entry = this.logs.get(id);
    if (!entry) {
      const log = new SharedContainerLog(
        { opener: this.deps.openerFor(key.context), namespace: key.namespace, pod: key.pod, container: key.container },
        this.deps.limits ?? DEFAULT_LOG_LIMITS,
        this.deps.clock,
      );
      entry = { log, users: 0 };
      this.logs.set(id, entry);
    }
    entry.users++;
    const held = entry;
    let released = false;
    return {
      log: held.log,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users === 0 && this.logs.get(id) === held) {
          this.logs.delete(id);
          held.log.dispose();
        }
      },
    };
  }

  /** How many containers are followed now. */
  get size(): number {
    return this.logs.size;
  }

  dispose(): void {
    for (const { log } of this.logs.values()) log.dispose();
    this.logs.clear();
  }
}
