// A local shell in a pseudo-terminal (node-pty), with kill escalation so nothing it started outlives it.
import { access, constants, stat } from 'node:fs/promises';
import { spawn, type IPty } from 'node-pty';
import { RpcError } from '../../src-shared/contract/errors';
import { isAlive, listProcesses, signal, terminalProcesses } from './process-tree';
import type { TerminalExit, TerminalProcess } from './terminal-process';

/** What to start. */
export interface PtySpawnOptions {
  readonly shell: string;
  readonly args?: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
  /** How long a process may take to end after SIGHUP before it gets SIGKILL (default 1500 ms). */
  readonly killGraceMs?: number;
}

/** Checks that the shell exists and may be run; a typed error says what to fix. */
export async function checkShell(shell: string): Promise<void> {
  try {
    const s = await stat(shell);
    if (!s.isFile()) throw new Error('not a file');
    await access(shell, constants.X_OK);
  } catch {
    throw new RpcError('invalid-config', `The shell "${shell}" does not exist or cannot be run. Choose another shell in Settings.`);
  }
}

/** Starts a shell in a pty. */
export async function spawnPty(options: PtySpawnOptions): Promise<TerminalProcess> {
  await checkShell(options.shell);
  const pty = spawn(options.shell, [...(options.args ?? [])], {
    name: 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    env: { ...options.env },
  });
  return new PtyProcess(pty, options.shell, options.killGraceMs ?? 1500);
}

class PtyProcess implements TerminalProcess {
  private exited = false;
  private readonly exitListeners: ((exit: TerminalExit) => void)[] = [];
  private readonly done: Promise<void>;
  private killing: Promise<void> | undefined;

  constructor(
    private readonly pty: IPty,
    readonly program: string,
    private readonly graceMs: number,
  ) {
    this.done = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal: sig }) => {
        this.exited = true;
        const exit: TerminalExit = sig ? { code: null, signal: signalName(sig) } : { code: exitCode };
        for (const l of this.exitListeners) l(exit);
        resolve();
      });
    });
  }

  onData(listener: (data: string) => void): void {
    this.pty.onData(listener);
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    this.exitListeners.push(listener);
  }

  write(data: string): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.pty.resize(cols, rows);
  }

  pause(): void {
    if (!this.exited) this.pty.pause();
  }

  resume(): void {
    if (!this.exited) this.pty.resume();
  }

  async busy(): Promise<readonly string[]> {
    if (this.exited) return [];
    return terminalProcesses(await listProcesses(), this.pty.pid).map((p) => p.name);
  }

  kill(): Promise<void> {
    this.killing ??= this.escalate();
    return this.killing;
  }

  private async escalate(): Promise<void> {
    const leader = this.pty.pid;
    // Snapshot first: once the shell is gone its children are re-parented and only their session id links them.
    const pids = new Set(terminalProcesses(await listProcesses(), leader).map((p) => p.pid));
    // Output must keep flowing, or a process blocked writing to a paused pty never sees its signal.
    this.resume();
    for (const pid of [leader, ...pids]) signal(pid, 'SIGHUP');
    await this.allGone(leader, pids);
    for (const p of terminalProcesses(await listProcesses(), leader)) pids.add(p.pid);
    for (const pid of [leader, ...pids]) if (await isAlive(pid)) signal(pid, 'SIGKILL');
    await this.allGone(leader, pids);
    // The shell is gone but the pty was not closed (output never drained): close the master side.
    if (!this.exited) (this.pty as IPty & { destroy?(): void }).destroy?.();
  }

  /** Waits until the shell exited and none of `pids` is alive, at most the grace period. */
  private async allGone(leader: number, pids: ReadonlySet<number>): Promise<void> {
    let timedOut = false;
    const timer = setTimeout(() => (timedOut = true), this.graceMs);
    try {
      await Promise.race([this.done, delay(this.graceMs)]);
      for (;;) {
        const alive = await Promise.all([leader, ...pids].map((pid) => isAlive(pid)));
        if (timedOut || (this.exited && !alive.some(Boolean))) return;
        await delay(10);
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

const SIGNALS: Readonly<Record<number, string>> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 13: 'SIGPIPE', 15: 'SIGTERM' };

function signalName(sig: number): string {
  return SIGNALS[sig] ?? `signal ${sig}`;
}
