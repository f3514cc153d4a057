// pipe-events in the sandbox: `npm run service`'s entry as child processes (one per replica) against the sandbox's
// apiservers and its one fake GitHub, which holds the sample repository mapped to the team namespace.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeGithub } from './fake-github.js';
import type { ClusterInfo } from './info.js';
import { freePorts } from './ports.js';
import { startProcess, waitUntil, type ManagedProcess } from './processes.js';
import { SANDBOX_REGION } from './profile.js';
import { SAMPLE_DEFAULT_BRANCH, SAMPLE_REPOSITORY, sampleRepositoryFiles } from './sample-repository.js';

/** The repository checkout: this file's folder's parent, or — when the app's host bundles this file into out/ — the
 * nearest folder above that holds src-service/main.ts. */
function repositoryRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'src-service', 'main.ts'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}
const ROOT = repositoryRoot();

/** Where the sandbox's pipe-events listens and what it serves (part of SandboxInfo). */
export interface SandboxPipeEventsInfo {
  /** `http://127.0.0.1:<port>/webhook` of the first replica. */
  readonly webhookUrl: string;
  /** Every replica's webhook URL. */
  readonly webhookUrls: readonly string[];
  /** `http://127.0.0.1:<port>` of the first replica's ops port (/metrics, /healthz, /readyz). */
  readonly opsUrl: string;
  /** File holding the webhook secret (0600, in the sandbox's tmpfs folder, gone on stop; a fresh secret per start). */
  readonly secretFile: string;
  /** Core namespace of the GitHubEvent objects and Leases. */
  readonly namespace: string;
  /** Leader Lease name (member Leases carry `pipe.linecorp.com/role=member`). */
  readonly leaseName: string;
  /** The runtime cluster name pipe-events uses (the profile's region), as in run links. */
  readonly cluster: string;
  readonly replicas: number;
  /** The sample repository on the fake GitHub and where its runs go. */
  readonly sampleRepository: { readonly fullName: string; readonly defaultBranch: string; readonly headSha: string; readonly namespace: string };
  readonly logFiles: readonly string[];
}

/** Options of the sandbox's pipe-events. */
export interface SandboxPipeEventsOptions {
  readonly dir: string;
  readonly core: ClusterInfo;
  readonly runtime: ClusterInfo;
  readonly fakeGithub: FakeGithub;
  readonly caFile: string;
  readonly teamNamespace: string;
  /** Replicas (each a process with its own member Lease); default 1. */
  readonly replicas?: number;
  readonly log?: (line: string) => void;
}

/** A running pipe-events. */
export interface SandboxPipeEvents {
  readonly info: SandboxPipeEventsInfo;
  readonly processes: readonly ManagedProcess[];
  dispose(): Promise<void>;
}

/** Seeds the sample repository, writes the config, starts the replicas and resolves when every /readyz answers. */
export async function startSandboxPipeEvents(opts: SandboxPipeEventsOptions): Promise<SandboxPipeEvents> {
  const dir = join(opts.dir, 'pipe-events');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const repo = opts.fakeGithub.rest.repo(SAMPLE_REPOSITORY, SAMPLE_DEFAULT_BRANCH);
  const headSha = repo.resolve(SAMPLE_DEFAULT_BRANCH) ?? repo.commit(sampleRepositoryFiles(), { message: 'Add PIPE pipelines: ci, build, cd' });
  const token = `ghp_sandbox${randomBytes(16).toString('hex')}`;
  opts.fakeGithub.acceptToken(token);
  const secret = randomBytes(24).toString('hex');
  const secretFile = join(dir, 'webhook-secret');
  await writeFile(secretFile, secret, { mode: 0o600 });
  const namespace = 'pipe-system';
  const leaseName = 'pipe-events-leader';
  const config = {
    core: { access: { kubeconfig: opts.core.adminKubeconfig }, namespace, installCrd: true },
    clusters: { [SANDBOX_REGION]: { kubeconfig: opts.runtime.adminKubeconfig } },
    repositories: { [SAMPLE_REPOSITORY]: { cluster: SANDBOX_REGION, namespace: opts.teamNamespace } },
    github: { apiUrl: `${opts.fakeGithub.url}/api/v3` },
    // A quick hand-over in the sandbox; production keeps the defaults (15 s / 5 s).
    leaderElection: { leaseName, leaseDurationSeconds: 6, renewSeconds: 2 },
    shutdownTimeoutSeconds: 4,
  };
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const replicas = Math.max(1, Math.min(opts.replicas ?? 1, 5));
  const ports = await freePorts(replicas * 2);
  const processes: ManagedProcess[] = [];
  const logFiles: string[] = [];
  try {
    for (let i = 0; i < replicas; i++) {
      const logFile = join(dir, `pipe-events-${i}.log`);
      logFiles.push(logFile);
      processes.push(
        startProcess({
          name: `pipe-events-${i}`,
          command: process.execPath,
          // `node --import tsx` keeps it one process per replica (the tsx CLI would add a second in between).
          args: ['--import', 'tsx', join(ROOT, 'src-service', 'main.ts')],
          cwd: ROOT,
          logFile,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            // The fake GitHub serves https with the sandbox CA.
            NODE_EXTRA_CA_CERTS: opts.caFile,
            PIPE_EVENTS_CONFIG: configFile,
            PIPE_EVENTS_WEBHOOK_SECRET: secret,
            PIPE_EVENTS_GITHUB_TOKEN: token,
            PIPE_EVENTS_HOST: '127.0.0.1',
            PIPE_EVENTS_PORT: String(ports[i * 2]),
            PIPE_EVENTS_METRICS_PORT: String(ports[i * 2 + 1]),
            PIPE_EVENTS_IDENTITY: `sandbox-pipe-events-${i}`,
            PIPE_EVENTS_LOG_LEVEL: 'info',
          },
        }),
      );
    }
    await Promise.all(
      processes.map((proc, i) =>
        waitUntil(`pipe-events replica ${i}`, async () => (await fetch(`http://127.0.0.1:${ports[i * 2 + 1]}/readyz`)).status === 200, { proc, timeoutMs: 90_000, intervalMs: 200 }),
      ),
    );
  } catch (err) {
    await Promise.all(processes.map((p) => p.dispose()));
    throw err;
  }
  opts.log?.(`pipe-events ×${replicas} ready (${SAMPLE_REPOSITORY} → ${SANDBOX_REGION}/${opts.teamNamespace})`);
  const webhookUrls = processes.map((_, i) => `http://127.0.0.1:${ports[i * 2]}/webhook`);
  return {
    processes,
    info: {
      webhookUrl: webhookUrls[0]!,
      webhookUrls,
      opsUrl: `http://127.0.0.1:${ports[1]}`,
      secretFile,
      namespace,
      leaseName,
      cluster: SANDBOX_REGION,
      replicas,
      sampleRepository: { fullName: SAMPLE_REPOSITORY, defaultBranch: SAMPLE_DEFAULT_BRANCH, headSha, namespace: opts.teamNamespace },
      logFiles,
    },
    // Newest first, each gracefully (leaves its member Lease, releases the leader Lease).
    dispose: async () => {
      for (const p of [...processes].reverse()) await p.dispose();
    },
  };
}
