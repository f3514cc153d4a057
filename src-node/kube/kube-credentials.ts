// Credentials for one context through @kubernetes/client-node's own authenticators (exec, oidc, token file, azure, gcp),
// without loading its generated API clients (~70 MB of RSS): only the auth modules are imported.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type https from 'node:https';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { AzureAuth } from '@kubernetes/client-node/dist/azure_auth.js';
import { ExecAuth } from '@kubernetes/client-node/dist/exec_auth.js';
import { FileAuth } from '@kubernetes/client-node/dist/file_auth.js';
import { GoogleCloudPlatformAuth } from '@kubernetes/client-node/dist/gcp_auth.js';
import { OpenIDConnectAuth } from '@kubernetes/client-node/dist/oidc_auth.js';
import type { Authenticator } from '@kubernetes/client-node/dist/auth.js';

/** One context's cluster, user and context as client-node types. */
export interface CredentialTarget {
  readonly cluster: Cluster;
  readonly user: User;
  readonly context: Context;
}

/** Applies TLS material and auth headers to request options, as client-node's KubeConfig does. */
export class ClientCredentials {
  // Same order as KubeConfig: the first authenticator that claims the user wins; a static token wins over all.
  private readonly authenticators: Authenticator[] = [new AzureAuth(), new GoogleCloudPlatformAuth(), new ExecAuth(), new FileAuth(), new OpenIDConnectAuth()];
  private proxied: Promise<{ applyToHTTPSOptions(o: https.RequestOptions): Promise<void> }> | undefined;

  constructor(private readonly target: CredentialTarget) {}

  /** Fills ca/cert/key/servername/rejectUnauthorized, headers and basic auth; returns the agent to use for proxied clusters. */
  async apply(opts: https.RequestOptions): Promise<http.Agent | undefined> {
    const { cluster, user } = this.target;
    if (cluster.proxyUrl) {
      // Rare: let the full client-node build its proxy agent (SOCKS / HTTP CONNECT); loaded only when needed.
      const kc = await (this.proxied ??= this.loadFullClient());
      await kc.applyToHTTPSOptions(opts);
      return opts.agent as http.Agent;
    }
    const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders | undefined) };
    opts.headers = headers;
    if (cluster.skipTLSVerify) opts.rejectUnauthorized = false;
    if (cluster.tlsServerName) opts.servername = cluster.tlsServerName;
    const ca = fileOrData(cluster.caFile, cluster.caData);
    if (ca) opts.ca = ca;
    const cert = fileOrData(user.certFile, user.certData);
    if (cert) opts.cert = cert;
    const key = fileOrData(user.keyFile, user.keyData);
    if (key) opts.key = key;
    if (user.impersonateUser) headers['Impersonate-User'] = user.impersonateUser;
    const authenticator = this.authenticators.find((a) => a.isAuthProvider(user));
    if (authenticator) await authenticator.applyAuthentication(user, opts);
    if (user.token) headers.Authorization = `Bearer ${user.token}`;
    if (user.username) opts.auth = `${user.username}:${user.password ?? ''}`;
    return undefined;
  }

  private async loadFullClient(): Promise<{ applyToHTTPSOptions(o: https.RequestOptions): Promise<void> }> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    const { cluster, user, context } = this.target;
    kc.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: context.name });
    return kc;
  }
}

/** client-node's rule: a file path wins over inline base64 data. */
function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
