// Builds (or reuses) the sandbox's binaries into the per-version cache: `npx tsx sandbox/build-binaries.ts [--force] [names…]`.
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { binaryEnvName, findBinary, kwokAssetsDir, REQUIRED_BINARIES, TEKTON_CONFIG_FILES, tektonConfigDir, tektonCrdDir, testenvCacheDir, VERSIONS, type BinaryName } from './binaries.js';
import { BUILD_ORDER, buildTargets, OPTIONAL_BUILDS } from './build-targets.js';
import { CommandCancelledError, goBuild, goModDownload, isBuilt, runCommand } from './go-build.js';

/** Options for buildBinaries. */
export interface BuildOptions {
  only?: readonly BinaryName[];
  force?: boolean;
  log?: (line: string) => void;
  /** Stops the build: the running `go` process group is killed and the call rejects with CommandCancelledError. */
  signal?: AbortSignal;
  /** Steps done out of all steps (one per binary, one per module asset), and the one running. */
  onProgress?: (progress: BuildProgress) => void;
}

/** How far a build is. */
export interface BuildProgress {
  readonly done: number;
  readonly total: number;
  readonly current?: string;
}

/** Seconds spent per artifact (0 when reused from the cache). */
export type BuildReport = Record<string, number>;

/** Returns the Go version string, or undefined when Go is not installed. */
export async function goVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    return (await runCommand('go', ['env', 'GOVERSION'], { env })).trim();
  } catch {
    return undefined;
  }
}

/** Copies files from a Go module (read at runtime, never committed) into a cache folder; false when cached. */
export async function copyModuleFiles(
  modAtVersion: string,
  dest: string,
  files: readonly string[],
  force = false,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!force && existsSync(dest) && (await readdir(dest)).length > 0) return false;
  const { dir } = await goModDownload(modAtVersion, signal);
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  for (const f of files) await cp(join(dir, f), join(dest, basename(f)), { recursive: true });
  // Module cache files are read-only; make the copies removable for a later --force.
  await runCommand('chmod', ['-R', 'u+w', dest]);
  return true;
}

/** Tekton CRDs (config/300-crds) and kwok's stock stages + Logs CRDs, copied from their modules. */
export const MODULE_ASSETS = [
  {
    name: 'tekton-crds',
    mod: `github.com/tektoncd/pipeline@${VERSIONS.tekton}`,
    dest: () => join(tektonCrdDir(), '..'),
    files: ['config/300-crds'],
  },
  {
    name: 'tekton-config',
    mod: `github.com/tektoncd/pipeline@${VERSIONS.tekton}`,
    dest: () => tektonConfigDir(),
    files: TEKTON_CONFIG_FILES.map((f) => `config/${f}`),
  },
  {
    name: 'kwok-assets',
    mod: `sigs.k8s.io/kwok@${VERSIONS.kwok}`,
    dest: () => kwokAssetsDir(),
    files: [
      'kustomize/stage/node/fast/node-initialize.yaml',
      'kustomize/stage/pod/fast/pod-ready.yaml',
      'kustomize/stage/pod/fast/pod-complete.yaml',
      'kustomize/stage/pod/fast/pod-delete.yaml',
      'kustomize/crd/bases/kwok.x-k8s.io_logs.yaml',
      'kustomize/crd/bases/kwok.x-k8s.io_clusterlogs.yaml',
    ],
  },
] as const;

/** Builds every missing or outdated binary sequentially (2-core friendly); resolves with timings. */
export async function buildBinaries(opts: BuildOptions = {}): Promise<BuildReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const names = opts.only ?? BUILD_ORDER;
  const go = await goVersion();
  if (!go) {
    const missing = REQUIRED_BINARIES.filter((n) => !findBinary(n));
    if (missing.length === 0) {
      log('Go not found, but all required binaries are present; nothing to build.');
      return {};
    }
    throw new Error(
      `PIPE sandbox needs ${missing.join(', ')} and Go is not installed. Install Go >= 1.25 (https://go.dev/dl) ` +
        `and run \`npm run sandbox:build\`, or set ${missing.map(binaryEnvName).join(', ')} / PIPE_SANDBOX_ASSETS.`,
    );
  }
  log(`PIPE sandbox build: ${go}, cache ${testenvCacheDir()}`);
  const targets = buildTargets();
  const report: BuildReport = {};
  const total = Date.now();
  const steps = names.length + MODULE_ASSETS.length;
  let done = 0;
  const progress = (current?: string): void => opts.onProgress?.({ done, total: steps, ...(current ? { current } : {}) });
  for (const name of names) {
    const target = targets[name];
    progress(name);
    if (opts.signal?.aborted) throw new CommandCancelledError('go build');
    if (!opts.force && (await isBuilt(target))) {
      done++;
      log(`✓ ${name} ${target.version} (cached)`);
      report[name] = 0;
      continue;
    }
    log(`▶ building ${name} ${target.version} …`);
    const seconds = await goBuild(target, log, opts.signal);
    done++;
    report[name] = seconds;
    log(`✓ ${name} ${target.version} built in ${seconds.toFixed(1)} s → ${target.outFile}`);
  }
  for (const asset of MODULE_ASSETS) {
    const started = Date.now();
    progress(asset.name);
    const copied = await copyModuleFiles(asset.mod, asset.dest(), asset.files, opts.force, opts.signal);
    done++;
    if (copied) {
      report[asset.name] = (Date.now() - started) / 1000;
      log(`✓ ${asset.name} from ${asset.mod} → ${asset.dest()}`);
    } else log(`✓ ${asset.name} ${asset.mod} (cached)`);
  }
  progress();
  report.total = (Date.now() - total) / 1000;
  log(`PIPE sandbox build done in ${report.total.toFixed(1)} s`);
  return report;
}

async function main(argv: readonly string[]): Promise<void> {
  const force = argv.includes('--force');
  const only = argv.filter((a) => !a.startsWith('--')) as BinaryName[];
  const unknown = only.filter((n) => !BUILD_ORDER.includes(n) && !OPTIONAL_BUILDS.includes(n));
  if (unknown.length > 0) throw new Error(`unknown binaries: ${unknown.join(', ')} (known: ${BUILD_ORDER.join(', ')})`);
  await buildBinaries({ force, only: only.length > 0 ? only : undefined });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
