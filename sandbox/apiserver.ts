// One kube-apiserver on loopback: client-cert admins, OIDC users from Dex, RBAC; stoppable and restartable.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SandboxCerts } from './certs.js';
import { simpleRequest } from './net.js';
import { startProcess, waitUntil, type ManagedProcess } from './processes.js';

/** What the apiserver trusts for OIDC. */
export interface OidcTrust {
  issuer: string;
  caFile: string;
  audiences: readonly string[];
}

/** Options for an Apiserver. */
export interface ApiserverOptions {
  name: string;
  binary: string;
  dir: string;
  port: number;
  etcdUrl: string;
  certs: SandboxCerts;
  /** Issuers to trust (one jwt authenticator each). */
  oidc: readonly OidcTrust[];
  log?: (l: string) => void;
}

/** userInfo.extra key holding the GitHub login of a user who signed in to Dex through GitHub. */
export const GITHUB_LOGIN_EXTRA = 'pipe.linecorp.com/github-login';

/** Writes the structured authentication config (username from email, groups claim, no prefixes, GitHub login as an extra). */
export async function writeAuthenticationConfig(file: string, issuers: readonly OidcTrust[]): Promise<void> {
  const config = {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: await Promise.all(
      issuers.map(async (oidc) => ({
        issuer: {
          url: oidc.issuer,
          audiences: [...oidc.audiences],
          certificateAuthority: await readFile(oidc.caFile, 'utf8'),
        },
        claimMappings: {
          username: { claim: 'email', prefix: '' },
          groups: { claim: 'groups', prefix: '' },
          // Dex's GitHub connector puts the GitHub login in preferred_username (scope profile); pipe-events' dispatch
          // policy compares spec.requesterLogin with it. An empty value leaves the extra out (password logins).
          extra: [{ key: GITHUB_LOGIN_EXTRA, valueExpression: "has(claims.preferred_username) ? claims.preferred_username : ''" }],
        },
      })),
    ),
  };
  await writeFile(file, stringify(config));
}

/** A kube-apiserver process that keeps its port and flags across restarts. */
export class Apiserver {
  private proc: ManagedProcess | undefined;
  readonly server: string;

  constructor(private readonly opts: ApiserverOptions) {
    this.server = `https://127.0.0.1:${opts.port}`;
  }

  /** PID of the running process, if any. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  private args(authConfig: string): string[] {
    const { certs, port, etcdUrl, name } = this.opts;
    return [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${certs.server.cert}`,
      `--tls-private-key-file=${certs.server.key}`,
      `--client-ca-file=${certs.ca.cert}`,
      `--authentication-config=${authConfig}`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.0.0.0/24',
      `--service-account-issuer=https://${name}.pipe-sandbox.local`,
      `--service-account-key-file=${certs.serviceAccountPub}`,
      `--service-account-signing-key-file=${certs.serviceAccountKey}`,
      '--allow-privileged=true',
      '--endpoint-reconciler-type=none',
      '--disable-admission-plugins=ServiceAccount',
      '--enable-priority-and-fairness=false',
      '--max-requests-inflight=0',
      '--max-mutating-requests-inflight=0',
      `--kubelet-client-certificate=${certs.admin.cert}`,
      `--kubelet-client-key=${certs.admin.key}`,
      '--kubelet-preferred-address-types=InternalIP',
      '--profiling=false',
      '--event-ttl=10m',
    ];
  }

  /** Starts the process and waits for /readyz. */
  async start(): Promise<void> {
    if (this.proc) return;
    const authConfig = join(this.opts.dir, 'authentication-config.yaml');
    await writeAuthenticationConfig(authConfig, this.opts.oidc);
    const proc = startProcess({
      name: `kube-apiserver-${this.opts.name}`,
      command: this.opts.binary,
      args: this.args(authConfig),
      logFile: join(this.opts.dir, 'kube-apiserver.log'),
      // A lower GC target keeps two apiservers well inside the RSS budget on small machines.
      env: { ...process.env, GOGC: process.env.GOGC ?? '50' },
    });
    this.proc = proc;
    const ca = await readFile(this.opts.certs.ca.cert);
    await waitUntil(
      `kube-apiserver ${this.opts.name}`,
      async () => (await simpleRequest(`${this.server}/readyz`, { ca, timeoutMs: 2000 })).status === 200,
      { proc, timeoutMs: 120_000, intervalMs: 100 },
    );
  }

  /** Stops the process (SIGTERM, then SIGKILL). */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    await proc?.dispose();
  }

  /** Stops and starts again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Disposes the apiserver (alias of stop). */
  dispose(): Promise<void> {
    return this.stop();
  }
}
