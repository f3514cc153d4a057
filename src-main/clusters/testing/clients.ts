// Test helpers: a KubeClient and ClusterConnection straight from a kubeconfig file.
import { ClusterConnection, type ConnectionTiming } from '../cluster-connection';
import type { ExecEnvironment } from '../../../src-node/kube/client-node-options';
import { KubeClient } from '../../../src-node/kube/kube-client';

/** Fast retry timing for tests. */
export const FAST_TIMING: Partial<ConnectionTiming> = { baseMs: 50, maxMs: 400, idleMaxMs: 400, healthMs: 60_000, idleHealthMs: 60_000, probeTimeoutMs: 2000 };

/** A client for one context of a kubeconfig file. */
export function clientFor(file: string, context?: string, env: ExecEnvironment = { extra: {} }): KubeClient {
  return KubeClient.fromFile(file, context, env);
}

/** A client plus its connection, already checked once. */
export async function connectionFor(file: string, namespace = 'default', timing: Partial<ConnectionTiming> = FAST_TIMING): Promise<{ client: KubeClient; connection: ClusterConnection }> {
  const client = clientFor(file);
  const connection = new ClusterConnection('test', client, () => namespace, { timing, random: () => 0.5 });
  await connection.start();
  return { client, connection };
}
