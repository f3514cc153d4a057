// Keeps one client + connection per kubeconfig context, re-created only when that context's entries change.
import { authKindOf, resolveContext, type ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';
import { invalidContextProblem } from '../../src-shared/clusters/cluster-problems';
import type { ClusterStatus } from '../../src-shared/contract/clusters';
import { RpcError } from '../../src-shared/contract/errors';
import type { Logger } from '../util/logger';
import { ClusterConnection, type ConnectionTiming } from './cluster-connection';
import type { ClusterHandle } from './informer-pool';
import { KubeClient } from '../../src-node/kube/kube-client';
import type { KubeconfigSnapshot, KubeconfigStore } from './kubeconfig-store';
import type { ShellEnvironment } from './shell-environment';
import type { ExecApprovals, ExecCommand } from './exec-approvals';

/** A context as the registry holds it. */
export interface RegisteredCluster {
  readonly context: ResolvedContext;
  readonly client: KubeClient | undefined;
  readonly connection: ClusterConnection;
  readonly authKind: ReturnType<typeof authKindOf>;
  readonly fingerprint: string;
  /** The exec credential command, for exec users. */
  readonly exec?: ExecCommand;
  /** True when running it waits for the user's approval (kubeconfigs the user added or imported). */
  readonly needsApproval: boolean;
  /** `insecure-skip-tls-verify: true` on the cluster. */
  readonly insecureTls: boolean;
}

/** What the registry needs. */
export interface ClusterRegistryDeps {
  readonly store: KubeconfigStore;
  readonly shellEnv: ShellEnvironment;
  /** The namespace a context works in (settings, then kubeconfig, then profile, then "default"). */
  readonly namespaceOf: (context: string, kubeconfigNamespace: string | undefined) => string;
  readonly timing?: Partial<ConnectionTiming>;
  /** How many first checks run at once (a kubeconfig with 100 contexts must not fire 300 requests at start). */
  readonly probeConcurrency?: number;
  /** Approved exec commands; without it, exec commands from added or imported kubeconfigs never run. */
  readonly approvals?: ExecApprovals;
  /** Exec commands the app itself writes (its credential helper): never asked about. */
  readonly isTrustedExec?: (exec: ExecCommand) => boolean;
  readonly log?: Logger;
}

type Listener = () => void;

/** The set of clusters the user can reach. */
export class ClusterRegistry {
  private readonly clusters = new Map<string, RegisteredCluster>();
  private readonly listeners = new Set<Listener>();
  private readonly replacedListeners = new Set<(context: string) => void>();
  private readonly probeQueue: ClusterConnection[] = [];
  private probesRunning = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: ClusterRegistryDeps) {}

  /** Builds clusters from the current kubeconfigs and follows changes. */
  start(): void {
    this.unsubscribe.push(this.deps.store.onDidChange((s) => this.reconcile(s)));
    // Exec plugins need the login shell's PATH: re-create those clients once it is known.
    this.unsubscribe.push(this.deps.shellEnv.onDidResolve(() => this.reconcile(this.deps.store.snapshot)));
    this.reconcile(this.deps.store.snapshot);
  }

  list(): readonly RegisteredCluster[] {
    return [...this.clusters.values()];
  }

  get(context: string): RegisteredCluster | undefined {
    return this.clusters.get(context);
  }

  /** The client and connection of a usable context, or a typed error saying why not. */
  handle(context: string): ClusterHandle & { readonly cluster: RegisteredCluster } {
    const c = this.clusters.get(context);
    if (!c) throw new RpcError('not-found', `No kubeconfig defines the context "${context}".`);
    if (!c.client) {
      const p = c.connection.status.problem;
      throw new RpcError(p?.code ?? 'invalid-config', p?.message ?? `Context "${context}" cannot be used.`);
    }
    return { client: c.client, connection: c.connection, cluster: c };
  }

  /** The user allows the context's exec command: remembered, then the cluster connects. */
  async approveExec(context: string): Promise<void> {
    const c = this.clusters.get(context);
    if (!c) throw new RpcError('not-found', `No kubeconfig defines the context "${context}".`);
    if (!c.exec || !c.context.user) throw new RpcError('bad-request', `Context "${context}" runs no credential command.`);
    if (!this.deps.approvals) throw new RpcError('internal', 'Approvals cannot be stored.');
    await this.deps.approvals.approve(c.context.user.file, c.exec);
    await c.connection.retryNow();
  }

  /** Fires when contexts are added, removed or their status changes. */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fires when a context's client was replaced (views re-subscribe to the new one). */
  onDidReplace(listener: (context: string) => void): () => void {
    this.replacedListeners.add(listener);
    return () => this.replacedListeners.delete(listener);
  }

  status(context: string): ClusterStatus | undefined {
    return this.clusters.get(context)?.connection.status;
  }

  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    for (const c of this.clusters.values()) this.close(c);
    this.clusters.clear();
    this.listeners.clear();
    this.replacedListeners.clear();
    this.probeQueue.length = 0;
  }

  private reconcile(snapshot: KubeconfigSnapshot): void {
    const seen = new Set<string>();
    const replaced: string[] = [];
    const execEnv = this.deps.shellEnv.execEnvironment();
    for (const name of snapshot.merged.contexts.keys()) {
      seen.add(name);
      const resolved = resolveContext(snapshot.merged, name)!;
      const authKind = authKindOf(resolved.user);
      const fingerprint = JSON.stringify([
        resolved.cluster?.body,
        resolved.cluster?.file,
        resolved.user?.body,
        resolved.user?.file,
        resolved.namespace,
        resolved.problem,
        authKind === 'exec' ? execEnv.path : '',
      ]);
      const old = this.clusters.get(name);
      if (old && old.fingerprint === fingerprint) continue;
      if (old) {
        this.close(old);
        replaced.push(name);
      }
      this.clusters.set(name, this.create(resolved, authKind, fingerprint, execEnv, snapshot));
    }
    for (const [name, c] of this.clusters) {
      if (seen.has(name)) continue;
      this.close(c);
      this.clusters.delete(name);
      replaced.push(name);
    }
    for (const name of replaced) for (const l of this.replacedListeners) l(name);
    this.changed();
  }

  private create(
    resolved: ResolvedContext,
    authKind: RegisteredCluster['authKind'],
    fingerprint: string,
    execEnv: ReturnType<ShellEnvironment['execEnvironment']>,
    snapshot: KubeconfigSnapshot,
  ): RegisteredCluster {
    let client: KubeClient | undefined;
    let invalid = resolved.problem;
    const exec = authKind === 'exec' ? execCommandOf(resolved) : undefined;
    // kubectl runs the plugins of the user's own kubeconfigs (KUBECONFIG, ~/.kube/config) when asked to; files added or
    // imported in the app are asked about first.
    const fileKind = resolved.user ? snapshot.files.find((f) => f.source.path === resolved.user!.file)?.source.kind : undefined;
    const needsApproval = !!exec && fileKind !== 'env' && fileKind !== 'default' && !this.deps.isTrustedExec?.(exec);
    const approvals = this.deps.approvals;
    const isApproved = (): boolean => !needsApproval || (!!approvals && approvals.isApproved(resolved.user!.file, exec!));
    if (!invalid) {
      try {
        client = new KubeClient(resolved, execEnv, { allowExec: isApproved });
      } catch (err) {
        invalid = `Context "${resolved.name}" cannot be used: ${(err as Error).message}`;
      }
    }
    const connection = new ClusterConnection(resolved.name, client, () => this.deps.namespaceOf(resolved.name, resolved.namespace), {
      ...(this.deps.timing ? { timing: this.deps.timing } : {}),
      ...(this.deps.log ? { log: this.deps.log } : {}),
      ...(invalid ? { invalid: invalidContextProblem(invalid) } : {}),
      // Checking an exec user runs its plugin: only when the user opens the cluster.
      ...(exec ? { lazy: true, isApproved } : {}),
    });
    connection.onDidChange(() => this.changed());
    if (client) this.enqueueProbe(connection);
    const insecureTls = resolved.cluster?.body['insecure-skip-tls-verify'] === true;
    return { context: resolved, client, connection, authKind, fingerprint, ...(exec ? { exec } : {}), needsApproval, insecureTls };
  }

  private enqueueProbe(connection: ClusterConnection): void {
    this.probeQueue.push(connection);
    this.drainProbes();
  }

  private drainProbes(): void {
    const limit = this.deps.probeConcurrency ?? 4;
    while (this.probesRunning < limit && this.probeQueue.length) {
      const next = this.probeQueue.shift()!;
      this.probesRunning++;
      void next.start().finally(() => {
        this.probesRunning--;
        this.drainProbes();
      });
    }
  }

  private close(c: RegisteredCluster): void {
    const i = this.probeQueue.indexOf(c.connection);
    if (i !== -1) this.probeQueue.splice(i, 1);
    c.connection.dispose();
    c.client?.dispose();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** The exec section of a context's user as written in the kubeconfig. */
function execCommandOf(resolved: ResolvedContext): ExecCommand | undefined {
  const exec = resolved.user?.body.exec as { command?: unknown; args?: unknown; env?: unknown } | undefined;
  if (!exec || typeof exec.command !== 'string') return undefined;
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env = Array.isArray(exec.env)
    ? exec.env.filter((v): v is { name: string; value: string } => !!v && typeof v.name === 'string' && typeof v.value === 'string').map((v) => ({ name: v.name, value: v.value }))
    : [];
  return { command: exec.command, args, env };
}
