// kubectl's merge rules over an ordered list of kubeconfig files (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files).
import type { KubeconfigEntry, KubeconfigProblem, ParsedKubeconfig } from './kubeconfig-parse';

/** The merged view: the first file that defines a name wins; current-context comes from the first file that sets it. */
export interface MergedKubeconfig {
  readonly clusters: ReadonlyMap<string, KubeconfigEntry>;
  readonly users: ReadonlyMap<string, KubeconfigEntry>;
  /** In file order, then entry order. */
  readonly contexts: ReadonlyMap<string, KubeconfigEntry>;
  readonly currentContext?: string;
  /** Per file, the entries it defines that an earlier file already defined (so they are not used). */
  readonly shadowed: ReadonlyMap<string, readonly KubeconfigProblem[]>;
}

/** A context with its cluster and user looked up in the merged view. */
export interface ResolvedContext {
  readonly name: string;
  readonly file: string;
  readonly clusterName: string;
  readonly userName: string;
  readonly namespace?: string;
  readonly cluster?: KubeconfigEntry;
  readonly user?: KubeconfigEntry;
  /** Why this context cannot be used, when it cannot. */
  readonly problem?: string;
}

/** Merges files in priority order (first wins). */
export function mergeKubeconfigs(files: readonly ParsedKubeconfig[]): MergedKubeconfig {
  const clusters = new Map<string, KubeconfigEntry>();
  const users = new Map<string, KubeconfigEntry>();
  const contexts = new Map<string, KubeconfigEntry>();
  const shadowed = new Map<string, KubeconfigProblem[]>();
  let currentContext: string | undefined;

  const take = (target: Map<string, KubeconfigEntry>, kind: string, entries: readonly KubeconfigEntry[]): void => {
    for (const entry of entries) {
      const earlier = target.get(entry.name);
      if (!earlier) {
        target.set(entry.name, entry);
        continue;
      }
      if (earlier.file === entry.file) continue;
      const list = shadowed.get(entry.file) ?? [];
      list.push({
        severity: 'warning',
        entry: entry.name,
        message: `${kind} "${entry.name}" is also defined in ${earlier.file}, which comes first; that one is used.`,
      });
      shadowed.set(entry.file, list);
    }
  };

  for (const f of files) {
    take(clusters, 'cluster', f.clusters);
    take(users, 'user', f.users);
    take(contexts, 'context', f.contexts);
    currentContext ??= f.currentContext;
  }
  return { clusters, users, contexts, ...(currentContext ? { currentContext } : {}), shadowed };
}

/** Looks up a context's cluster and user; a missing user is allowed (anonymous), a missing cluster is not. */
export function resolveContext(merged: MergedKubeconfig, name: string): ResolvedContext | undefined {
  const ctx = merged.contexts.get(name);
  if (!ctx) return undefined;
  const clusterName = typeof ctx.body.cluster === 'string' ? ctx.body.cluster : '';
  const userName = typeof ctx.body.user === 'string' ? ctx.body.user : '';
  const namespace = typeof ctx.body.namespace === 'string' && ctx.body.namespace ? ctx.body.namespace : undefined;
  const cluster = merged.clusters.get(clusterName);
  const user = userName ? merged.users.get(userName) : undefined;
  let problem: string | undefined;
  if (!cluster) problem = `Context "${name}" refers to cluster "${clusterName}", which no kubeconfig file defines.`;
  else if (userName && !user) problem = `Context "${name}" refers to user "${userName}", which no kubeconfig file defines.`;
  return {
    name,
    file: ctx.file,
    clusterName,
    userName,
    ...(namespace ? { namespace } : {}),
    ...(cluster ? { cluster } : {}),
    ...(user ? { user } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** Which kind of credentials a user entry carries (shown in the sidebar; exec and oidc need extra care). */
export type AuthKind = 'client-cert' | 'token' | 'exec' | 'oidc' | 'auth-provider' | 'basic' | 'none';

/** Classifies a user entry's credentials. */
export function authKindOf(user: KubeconfigEntry | undefined): AuthKind {
  const b = user?.body;
  if (!b) return 'none';
  if (b.exec) return 'exec';
  const provider = b['auth-provider'];
  if (provider && typeof provider === 'object') {
    return (provider as { name?: unknown }).name === 'oidc' ? 'oidc' : 'auth-provider';
  }
  if (b.token || b['token-file']) return 'token';
  if (b['client-certificate'] || b['client-certificate-data']) return 'client-cert';
  if (b.username) return 'basic';
  return 'none';
}
