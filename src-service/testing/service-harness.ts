// Starts pipe-events against a sandbox (kubeconfigs) and a fake GitHub, in isolated namespaces, for integration tests and benches.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/load-config';
import { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import { createLogger, silentLogger, type Logger } from '../log/logger';
import { startService, type RunningService } from '../service';
import { startFakeGithub, type FakeGithub } from './fake-github';
import { sandboxServiceEnv } from './service-env';

/** The parts of the sandbox description (sandbox/info.ts) the harness reads. */
export interface SandboxKubeconfigs {
  readonly core: { readonly adminKubeconfig: string };
  readonly runtime: { readonly adminKubeconfig: string };
}

/** Reads the running sandbox's description from $PIPE_SANDBOX_INFO (set by the integration global setup). */
export function sandboxFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxKubeconfigs {
  const file = env.PIPE_SANDBOX_INFO;
  if (!file) throw new Error('PIPE_SANDBOX_INFO is not set: run with `npx vitest run --project integration`');
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxKubeconfigs;
}

/** Options of the harness. */
export interface HarnessOptions {
  readonly sandbox: SandboxKubeconfigs;
  readonly repository?: string;
  readonly concurrencyLimit?: number;
  /** Extra PIPE_EVENTS_* variables. */
  readonly env?: Record<string, string>;
  readonly verbose?: boolean;
  /** A fake GitHub to use (e.g. one set up for App auth); the harness then leaves it running on stop. */
  readonly gh?: FakeGithub;
  /** Fixed namespaces (e.g. prepared with RBAC); the runtime one is created when missing. */
  readonly namespaces?: { readonly event: string; readonly runtime: string };
  /** Reuse these namespaces / fake (service restarts in benches). */
  readonly reuse?: { eventNamespace: string; runtimeNamespace: string; gh: FakeGithub; identity: string };
}

/** A running service with its fake GitHub and clients. */
export interface Harness {
  readonly gh: FakeGithub;
  readonly service: RunningService;
  readonly webhookUrl: string;
  readonly secret: string;
  readonly repository: string;
  readonly core: KubeClient;
  readonly runtime: KubeClient;
  readonly eventNamespace: string;
  readonly runtimeNamespace: string;
  readonly identity: string;
  /** PipelineRuns in the runtime namespace. */
  runs(): Promise<PipelineRun[]>;
  /** Stops the service (and, unless `keepShared`, the fake and the namespaces). */
  stop(keepShared?: boolean): Promise<void>;
}

export const HARNESS_SECRET = 'integration-webhook-secret';
export const HARNESS_TOKEN = 'ghp_integration';

/** Starts everything; namespaces are fresh (random suffix) so tests and benches never see each other's objects. */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const suffix = randomBytes(3).toString('hex');
  const repository = opts.repository ?? 'acme/app';
  const eventNamespace = opts.reuse?.eventNamespace ?? opts.namespaces?.event ?? `pipe-events-${suffix}`;
  const runtimeNamespace = opts.reuse?.runtimeNamespace ?? opts.namespaces?.runtime ?? `ci-${suffix}`;
  const identity = opts.reuse?.identity ?? `harness-${suffix}`;
  const ownsGh = !opts.gh && !opts.reuse;
  const gh = opts.gh ?? opts.reuse?.gh ?? (await startFakeGithub({ tokens: [HARNESS_TOKEN] }));
  const core = KubeClient.fromAccess(
    { kubeconfig: opts.sandbox.core.adminKubeconfig, inCluster: false },
    'core',
  );
  const runtime = KubeClient.fromAccess(
    { kubeconfig: opts.sandbox.runtime.adminKubeconfig, inCluster: false },
    'runtime',
  );
  if (!opts.reuse) {
    try {
      await runtime.request('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: runtimeNamespace } },
      });
    } catch (err) {
      if (!isKubeError(err, 'AlreadyExists')) throw err;
    }
  }
  const limit = opts.concurrencyLimit ? `:${opts.concurrencyLimit}` : '';
  const config = loadConfig(
    sandboxServiceEnv({
      sandbox: opts.sandbox,
      githubUrl: gh.url,
      webhookSecret: HARNESS_SECRET,
      githubToken: HARNESS_TOKEN,
      port: 0,
      eventNamespace,
      instance: eventNamespace,
      identity,
      repositories: `${repository}=default/${runtimeNamespace}${limit}`,
      logLevel: opts.verbose ? 'debug' : 'warn',
      extra: opts.env,
    }),
    undefined,
  );
  const logger: Logger = opts.verbose
    ? createLogger('debug', undefined, { replica: identity })
    : silentLogger;
  const service = await startService(
    { ...config, leaderElection: { ...config.leaderElection, leaseDurationSeconds: 4, renewSeconds: 1 } },
    logger,
  );
  return {
    gh,
    service,
    webhookUrl: `http://127.0.0.1:${service.port}/webhook`,
    secret: HARNESS_SECRET,
    repository,
    core,
    runtime,
    eventNamespace,
    runtimeNamespace,
    identity,
    runs: async () =>
      (
        await runtime.request<{ items: PipelineRun[] }>(
          'GET',
          `/apis/tekton.dev/v1/namespaces/${runtimeNamespace}/pipelineruns`,
        )
      ).items,
    stop: async (keepShared = false) => {
      await service.stop();
      if (!keepShared) {
        if (ownsGh) await gh.dispose();
        await runtime.request('DELETE', `/api/v1/namespaces/${runtimeNamespace}`).catch(() => undefined);
        await core.request('DELETE', `/api/v1/namespaces/${eventNamespace}`).catch(() => undefined);
      }
      core.dispose();
      runtime.dispose();
    },
  };
}

/** Plays Tekton's controller: writes a PipelineRun's Succeeded condition through the /status subresource. */
export async function writeRunStatus(
  h: Harness,
  name: string,
  status: 'Unknown' | 'True' | 'False',
  reason: string,
): Promise<void> {
  const now = new Date().toISOString();
  await h.runtime.request(
    'PATCH',
    `/apis/tekton.dev/v1/namespaces/${h.runtimeNamespace}/pipelineruns/${name}/status`,
    {
      body: {
        status: {
          startTime: now,
          ...(status !== 'Unknown' ? { completionTime: now } : {}),
          conditions: [
            { type: 'Succeeded', status, reason, message: `test says ${reason}`, lastTransitionTime: now },
          ],
        },
      },
      contentType: 'application/merge-patch+json',
    },
  );
}
