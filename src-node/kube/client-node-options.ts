// Turns a resolved kubeconfig context into @kubernetes/client-node options: paths made absolute, exec plugins given the login shell's PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import type { ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';

/** The environment exec credential plugins run with (from the login shell, see ShellEnvironment). */
export interface ExecEnvironment {
  /** PATH used to find the plugin and passed to it. */
  readonly path?: string;
  /** Variables the login shell has that this process lacks (e.g. AWS_PROFILE, CLOUDSDK_*). */
  readonly extra: Readonly<Record<string, string>>;
}

/** What `KubeConfig.loadFromOptions` takes. */
export interface ClientNodeOptions {
  readonly clusters: Cluster[];
  readonly users: User[];
  readonly contexts: Context[];
  readonly currentContext: string;
}

type Body = Readonly<Record<string, unknown>>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Builds client-node options for exactly one context (its cluster and user only). */
export function toClientNodeConfig(ctx: ResolvedContext, env: ExecEnvironment): ClientNodeOptions {
  if (!ctx.cluster) throw new Error(ctx.problem ?? `Context "${ctx.name}" has no cluster.`);
  const c = ctx.cluster.body;
  const cdir = dirname(ctx.cluster.file);
  const caFile = str(c['certificate-authority']);
  const caData = str(c['certificate-authority-data']);
  const tlsServerName = str(c['tls-server-name']);
  const proxyUrl = str(c['proxy-url']);
  const cluster: Cluster = {
    name: ctx.clusterName,
    server: String(c.server).replace(/\/+$/, ''),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    ...(caData ? { caData } : {}),
    ...(caFile && !caData ? { caFile: resolve(cdir, caFile) } : {}),
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
  };
  const userName = ctx.userName || `${ctx.name}-anonymous`;
  const user = ctx.user ? toUser(userName, ctx.user.body, dirname(ctx.user.file), env) : { name: userName };
  const context: Context = {
    name: ctx.name,
    cluster: ctx.clusterName,
    user: userName,
    ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
  };
  return { clusters: [cluster], users: [user], contexts: [context], currentContext: ctx.name };
}

function toUser(name: string, u: Body, dir: string, env: ExecEnvironment): User {
  const abs = (p: unknown): string | undefined => (str(p) ? resolve(dir, String(p)) : undefined);
  const certData = str(u['client-certificate-data']);
  const keyData = str(u['client-key-data']);
  const certFile = certData ? undefined : abs(u['client-certificate']);
  const keyFile = keyData ? undefined : abs(u['client-key']);
  const token = str(u.token);
  const tokenFile = token ? undefined : abs(u['token-file']);
  // Client-node mutates auth-provider config when it refreshes OIDC tokens: give it a copy, never the parsed file.
  let authProvider = u['auth-provider'] ? (structuredClone(u['auth-provider']) as Record<string, unknown>) : undefined;
  if (!authProvider && tokenFile) authProvider = { name: 'tokenFile', config: { tokenFile } };
  const exec = u.exec ? execFor(u.exec as Body, dir, env) : undefined;
  const username = str(u.username);
  const password = str(u.password);
  const as = str(u.as);
  return {
    name,
    ...(certData ? { certData } : {}),
    ...(keyData ? { keyData } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    ...(token ? { token } : {}),
    ...(authProvider ? { authProvider } : {}),
    ...(exec ? { exec } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(as ? { impersonateUser: as } : {}),
  };
}

/** An exec section with the command located and the login shell's environment added. */
export function execFor(exec: Body, dir: string, env: ExecEnvironment): Record<string, unknown> {
  const out = structuredClone(exec) as Record<string, unknown>;
  const command = String(exec.command);
  // kubectl resolves a command containing a path separator against the kubeconfig's folder.
  if (/[\\/]/.test(command) && !isAbsolute(command)) out.command = resolve(dir, command);
  else if (!isAbsolute(command)) out.command = findOnPath(command, env.path) ?? command;
  const vars = Array.isArray(exec.env) ? (exec.env as { name: string; value: string }[]).filter((v) => v && typeof v.name === 'string') : [];
  const has = new Set(vars.map((v) => v.name));
  const added: { name: string; value: string }[] = [];
  if (env.path && !has.has('PATH')) added.push({ name: 'PATH', value: env.path });
  for (const [k, v] of Object.entries(env.extra)) if (!has.has(k) && k !== 'PATH') added.push({ name: k, value: v });
  if (!has.has('KUBERNETES_EXEC_INFO')) {
    const apiVersion = str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1';
    added.push({ name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } }) });
  }
  out.env = [...added, ...vars];
  return out;
}

/** Finds an executable on a PATH list (undefined when absent). */
export function findOnPath(command: string, pathList: string | undefined): string | undefined {
  if (!pathList) return undefined;
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of pathList.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
