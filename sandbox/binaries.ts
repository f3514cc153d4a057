// Where the sandbox's binaries come from: env overrides, an assets folder, or the per-version build cache.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Names of every binary the sandbox can run. */
export type BinaryName =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-scheduler'
  | 'kubectl'
  | 'dex'
  | 'kwok'
  | 'tekton-controller'
  | 'gofakes3';

/** Pinned versions; bumping one rebuilds only that binary. */
export const VERSIONS = Object.freeze({
  etcd: 'v3.6.16',
  kubernetes: 'v1.36.3',
  kubectl: 'v0.36.3',
  // Dex release v2.45.1 is published without a /v2 module path, so it is required by pseudo-version.
  dex: 'v2.45.1',
  dexPseudo: 'v0.0.0-20260303133905-11d2eeb52b42',
  dexApi: 'v2.4.0',
  kwok: 'v0.8.0',
  tekton: 'v1.9.0',
  // S3-compatible server (MIT) for archived logs; see sandbox/README.md for why this one.
  gofakes3: 'v1.2.0',
});

/** Version of each binary as used in its cache folder name. */
export const BINARY_VERSIONS: Readonly<Record<BinaryName, string>> = Object.freeze({
  etcd: VERSIONS.etcd,
  'kube-apiserver': VERSIONS.kubernetes,
  'kube-scheduler': VERSIONS.kubernetes,
  kubectl: VERSIONS.kubectl,
  dex: VERSIONS.dex,
  kwok: VERSIONS.kwok,
  'tekton-controller': VERSIONS.tekton,
  gofakes3: VERSIONS.gofakes3,
});

/** Binaries needed to start the sandbox (kube-scheduler and kubectl are optional). */
export const REQUIRED_BINARIES: readonly BinaryName[] = ['etcd', 'kube-apiserver', 'dex', 'kwok'];

/** Env variable that points at one binary, e.g. PIPE_SANDBOX_KUBE_APISERVER. */
export function binaryEnvName(name: BinaryName): string {
  return `PIPE_SANDBOX_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** Root of the per-version build cache (~/.cache/pipe-desktop/testenv, XDG_CACHE_HOME respected). */
export function testenvCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'pipe-desktop', 'testenv');
}

/** Cache folder of one artifact at one version. */
export function cacheEntryDir(name: string, version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(testenvCacheDir(env), `${name}-${version}`);
}

/** Path of a cached binary (may not exist yet). */
export function cachedBinaryPath(name: BinaryName, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheEntryDir(name, BINARY_VERSIONS[name], env), name);
}

/** Folder holding Tekton's CRD YAML files for the pinned Tekton version. */
export function tektonCrdDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheEntryDir('tekton-crds', VERSIONS.tekton, env), '300-crds');
}

/** Tekton controller ConfigMaps (config/*.yaml in the tektoncd/pipeline module) used by the stretch controller. */
export const TEKTON_CONFIG_FILES: readonly string[] = [
  'config-defaults.yaml',
  'config-events.yaml',
  'config-feature-flags.yaml',
  'config-info.yaml',
  'config-leader-election-controller.yaml',
  'config-logging.yaml',
  'config-observability.yaml',
  'config-registry-cert.yaml',
  'config-spire.yaml',
  'config-tracing.yaml',
  'config-wait-exponential-backoff.yaml',
];

/** Folder holding Tekton's controller ConfigMaps for the pinned Tekton version. */
export function tektonConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheEntryDir('tekton-config', VERSIONS.tekton, env);
}

/** Folder holding kwok's stock stages and Logs CRDs for the pinned kwok version. */
export function kwokAssetsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PIPE_SANDBOX_KWOK_ASSETS) return env.PIPE_SANDBOX_KWOK_ASSETS;
  const inAssets = env.PIPE_SANDBOX_ASSETS ? join(env.PIPE_SANDBOX_ASSETS, 'kwok-assets') : undefined;
  return inAssets && existsSync(inAssets) ? inAssets : cacheEntryDir('kwok-assets', VERSIONS.kwok, env);
}

/** Finds one binary: $PIPE_SANDBOX_<NAME>, then $PIPE_SANDBOX_ASSETS/<name>, then the build cache. */
export function findBinary(name: BinaryName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[binaryEnvName(name)];
  if (override) return existsSync(override) ? override : undefined;
  if (env.PIPE_SANDBOX_ASSETS) {
    const inAssets = join(env.PIPE_SANDBOX_ASSETS, name);
    if (existsSync(inAssets)) return inAssets;
  }
  const cached = cachedBinaryPath(name, env);
  return existsSync(cached) ? cached : undefined;
}

/** Resolved paths of every binary the sandbox may use. */
export interface BinaryPaths {
  etcd: string;
  kubeApiserver: string;
  dex: string;
  kwok: string;
  kubeScheduler?: string;
  kubectl?: string;
  tektonCrds?: string;
  kwokAssets: string;
  tektonController?: string;
}

/** Error thrown when required binaries are missing; its message says what to install. */
export class MissingBinariesError extends Error {
  readonly code = 'SANDBOX_BINARIES_MISSING';
  constructor(readonly missing: readonly string[]) {
    super(
      `PIPE sandbox: missing ${missing.join(', ')}. Install Go >= 1.25 and run \`npm run sandbox:build\` ` +
        `(builds into ${testenvCacheDir()}), or point ${missing.map((m) => binaryEnvName(m as BinaryName)).join(', ')} ` +
        `(or PIPE_SANDBOX_ASSETS, a folder with all binaries) at existing binaries.`,
    );
  }
}

/** Resolves all binaries or throws MissingBinariesError naming the ones missing. */
export function resolveBinaries(env: NodeJS.ProcessEnv = process.env): BinaryPaths {
  const missing: string[] = REQUIRED_BINARIES.filter((n) => findBinary(n, env) === undefined);
  const kwokAssets = kwokAssetsDir(env);
  if (!existsSync(join(kwokAssets, 'pod-ready.yaml'))) missing.push('kwok-assets');
  if (missing.length > 0) throw new MissingBinariesError(missing);
  const crdsInAssets = env.PIPE_SANDBOX_ASSETS ? join(env.PIPE_SANDBOX_ASSETS, 'tekton-crds') : undefined;
  const crds = env.PIPE_SANDBOX_TEKTON_CRDS ?? (crdsInAssets && existsSync(crdsInAssets) ? crdsInAssets : tektonCrdDir(env));
  return {
    etcd: findBinary('etcd', env)!,
    kubeApiserver: findBinary('kube-apiserver', env)!,
    dex: findBinary('dex', env)!,
    kwok: findBinary('kwok', env)!,
    kubeScheduler: findBinary('kube-scheduler', env),
    kubectl: findBinary('kubectl', env),
    tektonController: findBinary('tekton-controller', env),
    tektonCrds: existsSync(crds) ? crds : undefined,
    kwokAssets,
  };
}
