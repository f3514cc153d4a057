// The sandbox's description (what runs where), shared with test workers as a JSON file.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { SandboxPipeEventsInfo } from './pipe-events.js';

/** One control plane of the sandbox. */
export interface ClusterInfo {
  name: 'core' | 'runtime';
  /** https://127.0.0.1:<port> */
  server: string;
  /** CA that signed the apiserver's serving cert (PEM file). */
  caFile: string;
  /** Kubeconfig with a client certificate in system:masters. */
  adminKubeconfig: string;
  /**
   * Kubeconfig for the Dex user. Uses an exec credential plugin (node sandbox/dex-exec-credential.mjs) that
   * returns a Dex ID token: cached until expiry, then refreshed with a refresh token, else a password grant.
   */
  userKubeconfig: string;
  /** Context names in the combined kubeconfig (SandboxInfo.kubeconfig). */
  adminContext: string;
  userContext: string;
}

/** Everything a test, demo or benchmark needs to reach the sandbox. */
export interface SandboxInfo {
  /** Sandbox data folder (tmpfs when available): certs, kubeconfigs, logs, etcd data. */
  dir: string;
  core: ClusterInfo;
  runtime: ClusterInfo;
  /** Kubeconfig with all four contexts (user contexts first, current = runtime user). */
  kubeconfig: string;
  dex: {
    issuer: string;
    caFile: string;
    /** Public native client: no secret, any http://127.0.0.1:<port> redirect, PKCE S256. */
    clientId: string;
    user: { email: string; password: string; groups: string[] };
    idTokenTTL: string;
    connectors: string[];
  };
  /** A second Dex (same user and client) with very short ID tokens, trusted by both apiservers, for expiry tests. */
  dexShortLived: { issuer: string; idTokenTTL: string };
  fakeGithub: { url: string; caFile: string; login: string; org: string; team: string };
  teamNamespace: string;
  forbiddenNamespace: string;
  /** PIPE platform profile JSON (also ConfigMap pipe-system/pipe-profile key profile.json on core). */
  profilePath: string;
  kwok: { nodeName: string; logsDir: string };
  /** True when Tekton's real controller runs (stretch; PipelineRuns then progress on their own). */
  tektonController: boolean;
  /** Present when pipe-events runs (startSandbox({ pipeEvents })): its webhook, secret file, sample repository. */
  pipeEvents?: SandboxPipeEventsInfo;
  /** PIDs of the processes the sandbox started (for RSS figures). */
  pids: number[];
  /** Milliseconds from start to all-ready. */
  readyMs: number;
}

/** Env variable holding the path of the SandboxInfo JSON written by the vitest global setup. */
export const SANDBOX_INFO_ENV = 'PIPE_SANDBOX_INFO';

/** Reads SandboxInfo from a file (default: $PIPE_SANDBOX_INFO). */
export function readSandboxInfo(file: string | undefined = process.env[SANDBOX_INFO_ENV]): SandboxInfo {
  if (!file) {
    throw Object.assign(
      new Error(`${SANDBOX_INFO_ENV} is not set: run integration tests with \`npx vitest run --project integration\` (its global setup starts the sandbox)`),
      { code: 'SANDBOX_INFO_MISSING' },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxInfo;
}

/** Writes SandboxInfo as JSON. */
export async function writeSandboxInfo(file: string, info: SandboxInfo): Promise<void> {
  await writeFile(file, JSON.stringify(info, null, 2));
}
