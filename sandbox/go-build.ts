// Builds one Go binary from a generated tools module into the per-version cache.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Recipe for one cached binary built from Go modules. */
export interface GoBuildTarget {
  name: string;
  version: string;
  /** Folder of the generated tools module (shared by targets built from the same module). */
  toolsDir: string;
  /** Returns the tools module's go.mod text. */
  goMod: () => Promise<string>;
  /** Optional main.go written next to go.mod (then pkg is "."). */
  mainGo?: string;
  /** Package to build, e.g. k8s.io/kubernetes/cmd/kube-apiserver. */
  pkg: string;
  /** -X assignments added to the linker flags. */
  ldflagsX: readonly string[];
  /** Where the binary lands. */
  outFile: string;
}

/** Error of a command stopped through its AbortSignal. */
export class CommandCancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor(cmd: string) {
    super(`${cmd} was cancelled`);
  }
}

/**
 * Runs a command and resolves with stdout; rejects with stderr tail on failure. With a `signal`, the command runs in
 * its own process group and an abort kills the whole group (go build's compile and link children too).
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const { signal } = opts;
    if (signal?.aborted) return reject(new CommandCancelledError(cmd));
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: signal !== undefined,
    });
    let out = '';
    let err = '';
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // The group is gone already.
      }
    };
    const onAbort = (): void => {
      cancelled = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), 2000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      err = (err + text).slice(-8000);
      if (opts.onLine) for (const l of text.split('\n')) if (l.trim()) opts.onLine(l);
    });
    child.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (cancelled) {
        // Whatever the group left behind goes too.
        killGroup('SIGKILL');
        if (killTimer) clearTimeout(killTimer);
        reject(new CommandCancelledError(cmd));
      } else if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${err}`));
    });
  });
}

/** Environment for reproducible, cgo-free builds that never switch toolchains. */
export function goEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOWORK: 'off' };
}

/** Downloads a module and returns its folder and go.mod path in the module cache. */
export async function goModDownload(modAtVersion: string, signal?: AbortSignal): Promise<{ dir: string; goMod: string }> {
  const out = await runCommand('go', ['mod', 'download', '-json', modAtVersion], { cwd: '/', env: goEnv(), ...(signal ? { signal } : {}) });
  const info = JSON.parse(out) as { Dir?: string; GoMod?: string; Error?: string };
  if (info.Error || !info.Dir || !info.GoMod) throw new Error(`go mod download ${modAtVersion}: ${info.Error ?? 'no Dir'}`);
  return { dir: info.Dir, goMod: info.GoMod };
}

/** Reads a module's go.mod text. */
export async function readGoMod(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** True when the target's binary exists and was built for its version. */
export async function isBuilt(target: GoBuildTarget): Promise<boolean> {
  const marker = `${target.outFile}.build.json`;
  if (!existsSync(target.outFile) || !existsSync(marker)) return false;
  try {
    return (JSON.parse(await readFile(marker, 'utf8')) as { version?: string }).version === target.version;
  } catch {
    return false;
  }
}

/** Builds a target (go build -trimpath, stripped, version ldflags); resolves with seconds taken. */
export async function goBuild(target: GoBuildTarget, log: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const started = Date.now();
  await mkdir(target.toolsDir, { recursive: true });
  await writeFile(join(target.toolsDir, 'go.mod'), await target.goMod());
  if (target.mainGo) await writeFile(join(target.toolsDir, 'main.go'), target.mainGo);
  await mkdir(join(target.outFile, '..'), { recursive: true });
  const tmpOut = `${target.outFile}.tmp-${process.pid}`;
  const ldflags = ['-s', '-w', ...target.ldflagsX.map((x) => `-X ${x}`)].join(' ');
  const heartbeat = setInterval(
    () => log(`  … ${target.name} still building (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  try {
    await runCommand('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', tmpOut, target.pkg], {
      cwd: target.toolsDir,
      env: goEnv(),
      ...(signal ? { signal } : {}),
      onLine: (l) => {
        if (l.startsWith('go: downloading')) return;
        log(`  ${target.name}: ${l}`);
      },
    });
  } catch (e) {
    await rm(tmpOut, { force: true });
    throw e;
  } finally {
    clearInterval(heartbeat);
  }
  await rename(tmpOut, target.outFile);
  const seconds = (Date.now() - started) / 1000;
  await writeFile(
    `${target.outFile}.build.json`,
    JSON.stringify({ version: target.version, seconds, builtAt: new Date().toISOString() }, null, 2),
  );
  return seconds;
}
