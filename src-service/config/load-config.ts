// The one place pipe-events reads its configuration: an optional YAML/JSON file, then environment overrides.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { configSchema, type ServiceConfig } from './config-schema';

/** Configuration that cannot be used; `message` lists every problem with its key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid-config';
}

type Raw = Record<string, unknown>;

/** Reads, merges (env wins over file), validates and freezes the configuration. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  file: string | undefined = env.PIPE_EVENTS_CONFIG,
): ServiceConfig {
  const fromFile: Raw = file ? readConfigFile(file) : {};
  const merged = applyEnv(fromFile, env);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid pipe-events configuration:\n${lines.join('\n')}`);
  }
  return deepFreeze(result.data);
}

function readConfigFile(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  const value: unknown = parseYaml(text);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`config file ${file} must hold a mapping`);
  return value as Raw;
}

/** Environment variables → the same nested shape as the file. Secrets may come as *_FILE paths (Kubernetes Secret mounts). */
function applyEnv(base: Raw, env: NodeJS.ProcessEnv): Raw {
  const out: Raw = structuredClone(base);
  const set = (path: string[], value: unknown): void => {
    if (value === undefined) return;
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = typeof next === 'object' && next !== null ? { ...(next as Raw) } : {};
      node = node[key] as Raw;
    }
    node[path[path.length - 1]!] = value;
  };
  const str = (name: string): string | undefined =>
    env[name] !== undefined && env[name] !== '' ? env[name] : undefined;
  const secret = (name: string): string | undefined => {
    const path = str(`${name}_FILE`);
    if (path) return readFileSync(path, 'utf8').trim();
    return str(name);
  };
  const num = (name: string): number | undefined => (str(name) === undefined ? undefined : Number(str(name)));
  const bool = (name: string): boolean | undefined =>
    str(name) === undefined ? undefined : /^(1|true|yes)$/i.test(str(name)!);
  const list = (name: string): string[] | undefined =>
    str(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  set(['host'], str('PIPE_EVENTS_HOST'));
  set(['port'], num('PIPE_EVENTS_PORT') ?? num('PORT'));
  set(['webhookSecret'], secret('PIPE_EVENTS_WEBHOOK_SECRET'));
  set(['maxBodyBytes'], num('PIPE_EVENTS_MAX_BODY_BYTES'));
  set(['maxConnections'], num('PIPE_EVENTS_MAX_CONNECTIONS'));
  set(['maxBytesInFlight'], num('PIPE_EVENTS_MAX_BYTES_IN_FLIGHT'));
  set(['metricsPort'], num('PIPE_EVENTS_METRICS_PORT'));
  set(['logLevel'], str('PIPE_EVENTS_LOG_LEVEL'));
  set(['instance'], str('PIPE_EVENTS_INSTANCE'));
  set(
    ['identity'],
    str('PIPE_EVENTS_IDENTITY') ??
      str('POD_NAME') ??
      (out.identity === undefined ? `${hostname()}-${process.pid}` : undefined),
  );
  set(['github', 'apiUrl'], str('PIPE_EVENTS_GITHUB_API_URL'));
  set(['github', 'token'], secret('PIPE_EVENTS_GITHUB_TOKEN'));
  set(['github', 'appId'], str('PIPE_EVENTS_GITHUB_APP_ID'));
  set(['github', 'privateKey'], secret('PIPE_EVENTS_GITHUB_PRIVATE_KEY'));
  set(['github', 'installationId'], num('PIPE_EVENTS_GITHUB_INSTALLATION_ID'));
  set(['github', 'reportWith'], str('PIPE_EVENTS_GITHUB_REPORT_WITH'));
  set(['pipelines', 'folders'], list('PIPE_EVENTS_PIPELINE_FOLDERS'));
  set(['pipelines', 'maxFileBytes'], num('PIPE_EVENTS_PIPELINE_MAX_FILE_BYTES'));
  set(['pipelines', 'embedSpec'], bool('PIPE_EVENTS_PIPELINE_EMBED_SPEC'));
  const coreWasUnset = coreUnset(out);
  set(
    ['core', 'access', 'kubeconfig'],
    str('PIPE_EVENTS_CORE_KUBECONFIG') ?? (coreWasUnset ? str('KUBECONFIG')?.split(':')[0] : undefined),
  );
  set(['core', 'access', 'context'], str('PIPE_EVENTS_CORE_CONTEXT'));
  set(['core', 'access', 'inCluster'], bool('PIPE_EVENTS_CORE_IN_CLUSTER'));
  // Nothing said: inside a pod use the service account, elsewhere ~/.kube/config.
  if (coreUnset(out)) {
    if (str('KUBERNETES_SERVICE_HOST')) set(['core', 'access', 'inCluster'], true);
    else if (str('HOME')) set(['core', 'access', 'kubeconfig'], `${str('HOME')}/.kube/config`);
  }
  set(['core', 'namespace'], str('PIPE_EVENTS_NAMESPACE'));
  set(['core', 'installCrd'], bool('PIPE_EVENTS_INSTALL_CRD'));
  set(['namespaceAnnotation'], str('PIPE_EVENTS_NAMESPACE_ANNOTATION'));
  set(['forks', 'trustedUsers'], list('PIPE_EVENTS_FORK_TRUSTED_USERS'));
  set(['forks', 'trustedAssociations'], list('PIPE_EVENTS_FORK_TRUSTED_ASSOCIATIONS'));
  set(['forks', 'definitionsFrom'], str('PIPE_EVENTS_FORK_DEFINITIONS_FROM'));
  set(['schedules', 'catchUpMinutes'], num('PIPE_EVENTS_SCHEDULE_CATCH_UP_MINUTES'));
  set(['schedules', 'refreshSeconds'], num('PIPE_EVENTS_SCHEDULE_REFRESH_SECONDS'));
  set(['defaultConcurrencyLimit'], num('PIPE_EVENTS_CONCURRENCY_LIMIT'));
  set(['workers'], num('PIPE_EVENTS_WORKERS'));
  set(['cleanup', 'pipelineRunMaxAgeDays'], num('PIPE_EVENTS_RUN_MAX_AGE_DAYS'));
  set(['cleanup', 'eventTtlHours'], num('PIPE_EVENTS_EVENT_TTL_HOURS'));
  set(['cleanup', 'intervalSeconds'], num('PIPE_EVENTS_CLEANUP_INTERVAL_SECONDS'));
  set(['archive', 'bucket'], str('PIPE_EVENTS_ARCHIVE_BUCKET'));
  if ((out.archive as Raw | undefined) !== undefined) {
    set(['archive', 'prefix'], str('PIPE_EVENTS_ARCHIVE_PREFIX'));
    set(['archive', 'endpoint'], str('PIPE_EVENTS_ARCHIVE_ENDPOINT'));
    set(['archive', 'region'], str('PIPE_EVENTS_ARCHIVE_REGION'));
    set(['archive', 'forcePathStyle'], bool('PIPE_EVENTS_ARCHIVE_FORCE_PATH_STYLE'));
    set(['archive', 'accessKeyId'], secret('PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID'));
    set(['archive', 'secretAccessKey'], secret('PIPE_EVENTS_ARCHIVE_SECRET_ACCESS_KEY'));
    set(['archive', 'retentionDays'], num('PIPE_EVENTS_ARCHIVE_RETENTION_DAYS'));
    set(['archive', 'concurrency'], num('PIPE_EVENTS_ARCHIVE_CONCURRENCY'));
    set(['archive', 'maxLagSeconds'], num('PIPE_EVENTS_ARCHIVE_MAX_LAG_SECONDS'));
    set(['archive', 'maxBackoffSeconds'], num('PIPE_EVENTS_ARCHIVE_MAX_BACKOFF_SECONDS'));
  }
  set(['desktopUrlBase'], str('PIPE_EVENTS_DESKTOP_URL_BASE'));
  set(['shutdownTimeoutSeconds'], num('PIPE_EVENTS_SHUTDOWN_TIMEOUT_SECONDS'));
  // A single runtime cluster from the environment: PIPE_EVENTS_RUNTIME_KUBECONFIG (+ _CONTEXT) named "default".
  const runtimeKubeconfig = str('PIPE_EVENTS_RUNTIME_KUBECONFIG');
  if (runtimeKubeconfig)
    set(['clusters', 'default'], {
      kubeconfig: runtimeKubeconfig,
      ...(str('PIPE_EVENTS_RUNTIME_CONTEXT') ? { context: str('PIPE_EVENTS_RUNTIME_CONTEXT') } : {}),
    });
  if (bool('PIPE_EVENTS_RUNTIME_IN_CLUSTER')) set(['clusters', 'default'], { inCluster: true });
  // PIPE_EVENTS_REPOSITORIES: "owner/name=cluster/namespace[:limit],…"
  for (const entry of list('PIPE_EVENTS_REPOSITORIES') ?? []) {
    const m = /^([^=\s]+)=([^/\s]+)\/([^:\s]+)(?::(\d+))?$/.exec(entry);
    if (!m)
      throw new ConfigError(
        `PIPE_EVENTS_REPOSITORIES entry "${entry}" must look like owner/name=cluster/namespace[:limit]`,
      );
    const target = { cluster: m[2], namespace: m[3], ...(m[4] ? { concurrencyLimit: Number(m[4]) } : {}) };
    const repos = { ...((out.repositories as Raw | undefined) ?? {}), [m[1]!]: target };
    out.repositories = repos;
  }
  return out;
}

function coreUnset(raw: Raw): boolean {
  const core = raw.core as Raw | undefined;
  return core?.access === undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
