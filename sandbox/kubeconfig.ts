// Kubeconfig files the sandbox writes: admin (client cert) and user (OIDC via exec plugin) per cluster.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { CertPair } from './certs.js';

/** Plugin that turns Dex tokens into ExecCredentials (see dex-exec-credential.mjs). */
export const EXEC_PLUGIN = fileURLToPath(new URL('./dex-exec-credential.mjs', import.meta.url));

/** One cluster entry. */
export interface KubeconfigCluster {
  name: string;
  server: string;
  caFile: string;
}

/** How the user kubeconfig gets Dex tokens. */
export interface DexExecAuth {
  issuer: string;
  caFile: string;
  clientId: string;
  stateFile: string;
  email: string;
  password: string;
}

function clusterEntry(c: KubeconfigCluster): Record<string, unknown> {
  return { name: c.name, cluster: { server: c.server, 'certificate-authority': c.caFile } };
}

/** Exec user entry: runs the plugin with node, passing Dex settings through env. */
export function execUser(name: string, auth: DexExecAuth): Record<string, unknown> {
  const env = {
    PIPE_SANDBOX_DEX_ISSUER: auth.issuer,
    PIPE_SANDBOX_DEX_CA: auth.caFile,
    PIPE_SANDBOX_DEX_CLIENT_ID: auth.clientId,
    PIPE_SANDBOX_TOKEN_STATE: auth.stateFile,
    PIPE_SANDBOX_USER_EMAIL: auth.email,
    PIPE_SANDBOX_USER_PASSWORD: auth.password,
  };
  return {
    name,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [EXEC_PLUGIN],
        env: Object.entries(env).map(([k, value]) => ({ name: k, value })),
        interactiveMode: 'Never',
        provideClusterInfo: false,
      },
    },
  };
}

/** Client-cert user entry. */
export function certUser(name: string, pair: CertPair): Record<string, unknown> {
  return { name, user: { 'client-certificate': pair.cert, 'client-key': pair.key } };
}

/** Writes a kubeconfig with the given clusters, users and contexts (first context is current). */
export async function writeKubeconfig(
  file: string,
  clusters: readonly KubeconfigCluster[],
  users: readonly Record<string, unknown>[],
  contexts: readonly { name: string; cluster: string; user: string; namespace?: string }[],
): Promise<void> {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map(clusterEntry),
    users,
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user, namespace: c.namespace } })),
    'current-context': contexts[0]?.name ?? '',
    preferences: {},
  };
  await writeFile(file, stringify(doc), { mode: 0o600 });
}
