// The PIPE_EVENTS_* environment of a pipe-events instance against the sandbox and the fake GitHub, for the
// integration harness (in-process) and the benches (child processes): one place names the variables.
import type { SandboxKubeconfigs } from './service-harness';

/** What differs between instances. */
export interface SandboxServiceEnv {
  readonly sandbox: SandboxKubeconfigs;
  readonly githubUrl: string;
  readonly webhookSecret: string;
  readonly githubToken: string;
  /** The webhook port (0: any free port, for an in-process service). */
  readonly port: number;
  readonly metricsPort?: number;
  /** The core namespace of GitHubEvents and Leases. */
  readonly eventNamespace: string;
  readonly instance: string;
  /** The member Lease's identity (stable across restarts, like a StatefulSet's POD_NAME). */
  readonly identity: string;
  /** `owner/repo=cluster/namespace[:limit]`, when the instance maps repositories. */
  readonly repositories?: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Anything else (archive, workers, …). */
  readonly extra?: Record<string, string>;
}

export function sandboxServiceEnv(o: SandboxServiceEnv): Record<string, string> {
  return {
    PIPE_EVENTS_HOST: '127.0.0.1',
    PIPE_EVENTS_PORT: String(o.port),
    PIPE_EVENTS_METRICS_PORT: String(o.metricsPort ?? 0),
    PIPE_EVENTS_WEBHOOK_SECRET: o.webhookSecret,
    PIPE_EVENTS_GITHUB_TOKEN: o.githubToken,
    PIPE_EVENTS_GITHUB_API_URL: o.githubUrl,
    PIPE_EVENTS_CORE_KUBECONFIG: o.sandbox.core.adminKubeconfig,
    PIPE_EVENTS_RUNTIME_KUBECONFIG: o.sandbox.runtime.adminKubeconfig,
    PIPE_EVENTS_NAMESPACE: o.eventNamespace,
    PIPE_EVENTS_INSTANCE: o.instance,
    PIPE_EVENTS_IDENTITY: o.identity,
    ...(o.repositories ? { PIPE_EVENTS_REPOSITORIES: o.repositories } : {}),
    PIPE_EVENTS_LOG_LEVEL: o.logLevel ?? 'warn',
    ...(o.extra ?? {}),
  };
}
