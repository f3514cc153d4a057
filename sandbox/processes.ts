// Child processes the sandbox owns: each in its own process group, logged to a file, killed on stop or exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

/** Something that can be stopped once. */
export interface Disposable {
  dispose(): Promise<void>;
}

/** A child process started by the sandbox. */
export interface ManagedProcess extends Disposable {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Last lines of output, for error messages. */
  tail(): string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// Last resort: if the parent exits without disposing (crash, test-runner exit), no group outlives it.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

/** Options for startProcess. */
export interface StartProcessOptions {
  name: string;
  command: string;
  args: readonly string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  log?: (line: string) => void;
}

/** Spawns a process in its own group with stdout/stderr appended to logFile. */
export function startProcess(opts: StartProcessOptions): ManagedProcess {
  installExitHook();
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${opts.name}: failed to start ${opts.command}`);
  live.add(child);
  let tail = '';
  const onData = (d: Buffer): void => {
    out.write(d);
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      out.end();
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', (e) => {
      live.delete(child);
      tail += `\n${e.message}`;
      resolve('spawn-error');
    });
  });
  let disposed: Promise<void> | undefined;
  return {
    name: opts.name,
    pid: child.pid,
    exited,
    tail: () => tail,
    dispose: () => {
      disposed ??= (async () => {
        if (!live.has(child)) return;
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        // Grandchildren in the same group (none expected) go too.
        killGroup(child, 'SIGKILL');
      })();
      return disposed;
    },
  };
}

/** Resident memory of a process in bytes (VmRSS), 0 when gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A LIFO collection of disposables, disposed together. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];

  /** Adds a disposable and returns it. */
  add<T extends Disposable>(item: T): T {
    this.items.push(item);
    return item;
  }

  /** Removes a disposable without disposing it. */
  delete(item: Disposable): void {
    const i = this.items.indexOf(item);
    if (i >= 0) this.items.splice(i, 1);
  }

  /** Disposes everything, newest first; errors are collected, not thrown midway. */
  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    while (this.items.length > 0) {
      const item = this.items.pop()!;
      try {
        await item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'sandbox teardown had errors');
  }
}

/** Polls check() until it returns true, the process dies, or the timeout passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs?: number; intervalMs?: number; proc?: ManagedProcess } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let died: number | string | undefined;
  void opts.proc?.exited.then((c) => (died = c));
  for (;;) {
    if (died !== undefined) throw new Error(`${what}: process exited (${died}) before ready:\n${opts.proc?.tail() ?? ''}`);
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${opts.timeoutMs ?? 60_000} ms\n${opts.proc?.tail() ?? ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
