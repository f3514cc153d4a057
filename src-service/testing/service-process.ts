// Runs `src-service/main.ts` as a child process (what `npm run service` does), so benches can SIGKILL and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A pipe-events process. */
export interface ServiceProcess {
  readonly pid: number;
  /** Resolves when /readyz answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGKILL: no graceful shutdown (a crash). */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit (graceful). */
  stop(): Promise<number | null>;
}

/** Spawns the service with `env` (PIPE_EVENTS_*), logging to `logFile`. */
export function spawnService(
  env: Record<string, string>,
  logFile: string,
  port: number,
  nodeArgs: readonly string[] = [],
): ServiceProcess {
  // `node --import tsx` keeps it one process: the tsx CLI would put a second process in between and SIGKILL would orphan it.
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(ROOT, 'src-service', 'main.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    pid: child.pid ?? -1,
    ready: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null)
          throw new Error(`pipe-events exited with ${child.exitCode}; see ${logFile}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`pipe-events not ready after ${timeoutMs} ms; see ${logFile}`);
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
