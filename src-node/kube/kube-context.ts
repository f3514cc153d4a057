// Where a client's context comes from outside the desktop's kubeconfig store: one kubeconfig file, or the pod's
// service account. Both become the ResolvedContext the desktop uses, so there is one credential path.
import { readFileSync } from 'node:fs';
import { parseKubeconfig } from '../../src-shared/clusters/kubeconfig-parse';
import { mergeKubeconfigs, resolveContext, type ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';

/** Where Kubernetes mounts a pod's service account. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** One context of one kubeconfig file (default: its current context, else its first). Throws when unusable. */
export function contextFromFile(file: string, contextName?: string): ResolvedContext {
  return contextFromText(file, readFileSync(file, 'utf8'), contextName);
}

/** One context of kubeconfig text; `file` names it and anchors its relative paths. Throws when unusable. */
export function contextFromText(file: string, text: string, contextName?: string): ResolvedContext {
  const parsed = parseKubeconfig(file, text);
  const fileError = parsed.problems.find((p) => p.severity === 'error' && !p.entry);
  if (fileError) throw new Error(`${file}: ${fileError.message}`);
  const merged = mergeKubeconfigs([parsed]);
  const name = contextName ?? merged.currentContext ?? [...merged.contexts.keys()][0];
  if (!name) throw new Error(`${file} has no contexts`);
  const resolved = resolveContext(merged, name);
  if (!resolved) throw new Error(`${file} has no context named "${name}"`);
  if (resolved.problem) throw new Error(`${file}: ${resolved.problem}`);
  return resolved;
}

/** The pod's own service account (KUBERNETES_SERVICE_HOST/PORT, mounted token re-read as it rotates, mounted CA). */
export function inClusterContext(env: Readonly<Record<string, string | undefined>> = process.env, dir = SERVICE_ACCOUNT_DIR): ResolvedContext {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('Not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST/PORT are not set).');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let namespace: string | undefined;
  try {
    namespace = readFileSync(`${dir}/namespace`, 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const file = `${dir}/in-cluster`;
  return {
    name: 'in-cluster',
    file,
    clusterName: 'in-cluster',
    userName: 'in-cluster',
    ...(namespace ? { namespace } : {}),
    cluster: { name: 'in-cluster', file, body: { server, 'certificate-authority': `${dir}/ca.crt` } },
    user: { name: 'in-cluster', file, body: { 'token-file': `${dir}/token` } },
  };
}
