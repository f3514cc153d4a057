// Dex over https: static user, public native client (loopback + PKCE), refresh tokens, GitHub connector.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SandboxCerts } from './certs.js';
import { simpleRequest } from './net.js';
import { startProcess, waitUntil, type ManagedProcess } from './processes.js';

/** The static user every sandbox Dex knows (password login and password grant). */
export const SANDBOX_USER = Object.freeze({
  email: 'dev@pipe.example',
  password: 'pipe-sandbox-password',
  username: 'dev',
  groups: Object.freeze(['pipe-sandbox:team-a']) as readonly string[],
});

// bcrypt (cost 10) of SANDBOX_USER.password, generated once with golang.org/x/crypto/bcrypt.
const SANDBOX_USER_HASH = '$2a$10$ndUvaE8ssOnhdQuo.DzaGeByaSnG8h7digS.mzjsZuhcE2evnswR.';

/** The public native client PIPE Desktop uses. */
export const DEX_CLIENT_ID = 'pipe-desktop';

/** GitHub org and team the fake GitHub reports, giving Dex group "pipe-sandbox:team-a". */
export const GITHUB_ORG = 'pipe-sandbox';
export const GITHUB_TEAM = 'team-a';

/** A running Dex. */
export interface Dex {
  issuer: string;
  port: number;
  idTokenTTL: string;
  process: ManagedProcess;
}

/** Options for startDex. */
export interface DexOptions {
  binary: string;
  dir: string;
  name: string;
  port: number;
  /** Path part of the issuer, e.g. "/dex". */
  path: string;
  certs: SandboxCerts;
  idTokenTTL: string;
  github: { hostName: string; caFile: string };
}

/** Builds Dex's config object. */
export function dexConfig(o: DexOptions): Record<string, unknown> {
  const issuer = `https://127.0.0.1:${o.port}${o.path}`;
  return {
    issuer,
    storage: { type: 'memory' },
    web: { https: `127.0.0.1:${o.port}`, tlsCert: o.certs.server.cert, tlsKey: o.certs.server.key },
    logger: { level: 'info', format: 'json' },
    oauth2: { skipApprovalScreen: true, passwordConnector: 'local', responseTypes: ['code'] },
    expiry: {
      idTokens: o.idTokenTTL,
      authRequests: '10m',
      // Rotation off: the sandbox's exec credential plugin and tests may reuse one refresh token concurrently.
      refreshTokens: { disableRotation: true, validIfNotUsedFor: '720h', absoluteLifetime: '2160h' },
    },
    enablePasswordDB: true,
    staticPasswords: [
      {
        email: SANDBOX_USER.email,
        hash: SANDBOX_USER_HASH,
        username: SANDBOX_USER.username,
        userID: '6a1f2f43-4b0b-4a1e-9a53-5c6c2d0c0001',
        groups: [...SANDBOX_USER.groups],
      },
    ],
    staticClients: [{ id: DEX_CLIENT_ID, name: 'PIPE Desktop', public: true }],
    connectors: [
      {
        type: 'github',
        id: 'github',
        name: 'GitHub (sandbox fake)',
        config: {
          clientID: 'pipe-sandbox-github-client',
          clientSecret: 'pipe-sandbox-github-secret',
          redirectURI: `${issuer}/callback`,
          hostName: o.github.hostName,
          rootCA: o.github.caFile,
          orgs: [{ name: GITHUB_ORG, teams: [GITHUB_TEAM] }],
          teamNameField: 'slug',
        },
      },
    ],
  };
}

/** Starts Dex and waits until it publishes a signing key. */
export async function startDex(o: DexOptions): Promise<Dex> {
  const configFile = join(o.dir, `${o.name}.yaml`);
  await writeFile(configFile, stringify(dexConfig(o)));
  const issuer = `https://127.0.0.1:${o.port}${o.path}`;
  const proc = startProcess({
    name: o.name,
    command: o.binary,
    args: ['serve', configFile],
    logFile: join(o.dir, `${o.name}.log`),
    // The GitHub connector's refresh path calls the fake GitHub without the connector's rootCA; Go's system roots then
    // must include the sandbox CA, or every refresh of a GitHub-connector session fails with HTTP 500.
    env: { ...process.env, SSL_CERT_FILE: o.github.caFile },
  });
  const ca = await readFile(o.certs.ca.cert);
  await waitUntil(
    o.name,
    // Discovery answers before the first signing key exists; tokens (and apiserver verification) need the key.
    async () => {
      const res = await simpleRequest(`${issuer}/keys`, { ca });
      return res.status === 200 && ((JSON.parse(res.body) as { keys?: unknown[] }).keys?.length ?? 0) > 0;
    },
    { proc, timeoutMs: 120_000, intervalMs: 50 },
  );
  return { issuer, port: o.port, idTokenTTL: o.idTokenTTL, process: proc };
}
