#!/usr/bin/env node
// The `pipe-desktop` command: `serve [--port N]` runs browser mode, `build [--force]` builds when out/ is stale.
// Also exports the build-freshness and Electron-binary checks used by scripts/start.mjs and the e2e setup.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE_DIRS = ['src-main', 'src-renderer', 'src-shared', 'src-node', 'src-service', 'sandbox'];
const SOURCE_FILES = ['electron.vite.config.ts', 'package.json', 'package-lock.json'];
const OUTPUTS = ['out/main/index.js', 'out/main/serve.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const IGNORED = /\.(test|int\.test|e2e\.test)\.tsx?$|(^|[/\\])(node_modules|\.[^/\\]+)([/\\]|$)/;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return IGNORED.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why out/ needs a build, or undefined when it is up to date. */
export function buildStaleness(root = ROOT) {
  const missing = OUTPUTS.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const oldestOutput = Math.min(...OUTPUTS.map((o) => statSync(join(root, o)).mtimeMs));
  const newestInput = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((p) => newestMtime(join(root, p))));
  return newestInput > oldestOutput ? 'sources changed since the last build' : undefined;
}

/** Builds with electron-vite when out/ is missing or stale (or `force`); throws when the build fails. */
export function ensureBuilt({ root = ROOT, force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const reason = force ? 'forced' : buildStaleness(root);
  if (!reason) return false;
  log(`Building PIPE Desktop (${reason})…`);
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`the build failed (electron-vite exited with ${r.status ?? r.signal}); run \`npx electron-vite build\` to see why`);
  return true;
}

/**
 * The Electron executable when it is installed, else undefined. Mirrors what `require('electron')` returns,
 * without its side effect of trying to download the binary.
 */
export function electronBinary(root = ROOT, env = process.env) {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(p) ? p : undefined;
  }
  if (!relative) return undefined;
  const p = join(dir, 'dist', relative);
  return existsSync(p) ? p : undefined;
}

/** Parses `--port N` / `--port=N`; throws with a readable message. */
export function parsePort(args) {
  const i = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return undefined;
  const text = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const port = Number(text);
  if (!text || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number from 0 to 65535, got "${text ?? ''}"`);
  return port;
}

/** Runs browser mode in a child process until it exits; forwards Ctrl+C. Resolves with its exit code. */
export function runBrowserMode({ root = ROOT, port } = {}) {
  const env = { ...process.env };
  if (port !== undefined) env.PIPE_DESKTOP_PORT = String(port);
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js')], { cwd: root, env, stdio: 'inherit' });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const USAGE = `Usage:
  pipe-desktop serve [--port N]   run PIPE Desktop in your browser (listens on 127.0.0.1 only; prints a
                                  http://pipe-<random>.localhost:<port>/?token=… URL to open)
  pipe-desktop smoke-test         start the host, load the UI in Chromium, check it; one JSON line, exit 0 or 1
  pipe-desktop build [--force]    build into out/ when sources changed
  pipe-desktop lint [--format text|json] <file|dir>...
                                  check Tekton YAML and the event annotation; exit 0 clean, 1 errors, 2 usage/I/O
  pipe-desktop run <owner/repo> [--ref R] [--pipeline P] [--input name=value]... [--profile N | --context C]
                                  run pipelines by hand (workflow_dispatch) as yourself; waits for pipe-events'
                                  verdict: exit 0 accepted, 1 refused, 2 usage/cluster problem (--help for all options)
`;

async function main(argv) {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve': {
      const port = parsePort(args);
      ensureBuilt();
      return runBrowserMode({ port });
    }
    case 'smoke-test':
    case '--smoke-test': {
      ensureBuilt();
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'smoke-test.ts')], { cwd: ROOT, stdio: 'inherit' });
      return r.status ?? 1;
    }
    case 'lint': {
      // The linter is TypeScript (src-shared/tekton); tsx runs it in the caller's folder so paths stay as given.
      const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts', 'lint-pipelines.ts'), ...args], { stdio: 'inherit' });
      return r.status ?? 2;
    }
    case 'run': {
      // Manual dispatch (scripts/run-dispatch.ts): TypeScript over src-node's Kubernetes client, run by tsx.
      const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts', 'run-dispatch.ts'), ...args], { stdio: 'inherit' });
      return r.status ?? 2;
    }
    case 'build':
      if (!ensureBuilt({ force: args.includes('--force') })) process.stderr.write('PIPE Desktop is already built (out/ is up to date).\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default:
      process.stderr.write(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

const invokedDirectly = process.argv[1] && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`pipe-desktop: ${err.message}\n`);
      process.exit(1);
    },
  );
}
