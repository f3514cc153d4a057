// Kubernetes clients for the runtime clusters by name ("core" is the core cluster itself), built from config.
import type { Disposable } from '../../src-shared/util/disposable';
import { CORE_CLUSTER, type ServiceConfig } from '../config/config-schema';
import { KubeClient } from '../kube/kube-client';

/** Named runtime cluster clients. */
export class RuntimeClusters implements Disposable {
  private readonly clients = new Map<string, KubeClient>();

  constructor(
    core: KubeClient,
    clusters: ServiceConfig['clusters'],
    make: typeof KubeClient.fromAccess = KubeClient.fromAccess,
  ) {
    this.clients.set(CORE_CLUSTER, core);
    for (const [name, access] of Object.entries(clusters)) this.clients.set(name, make(access, name));
  }

  /** The client of a cluster; throws for an unknown name (config validation prevents it). */
  get(name: string): KubeClient {
    const c = this.clients.get(name);
    if (!c) throw new Error(`unknown runtime cluster "${name}"`);
    return c;
  }

  /** Runtime clusters (the configured ones; the core cluster only when no other is configured). */
  names(): string[] {
    const names = [...this.clients.keys()].filter((n) => n !== CORE_CLUSTER);
    return names.length > 0 ? names : [CORE_CLUSTER];
  }

  dispose(): void {
    for (const [name, c] of this.clients) if (name !== CORE_CLUSTER) c.dispose();
  }
}
