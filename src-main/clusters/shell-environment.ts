// Reads the login shell's environment once (GUI-launched apps lack its PATH, so exec plugins like kubelogin are not found).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ExecEnvironment } from '../../src-node/kube/client-node-options';
import type { Logger } from '../util/logger';

/** How to run the shell; injectable for tests. */
export interface ShellEnvironmentOptions {
  /** This process's environment (from HostConfig.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

/** The login shell's environment, resolved asynchronously at start and cached. */
export class ShellEnvironment {
  private resolved: Readonly<Record<string, string>> | undefined;
  private pending: Promise<Readonly<Record<string, string>>> | undefined;
  private child: ReturnType<typeof spawn> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: ShellEnvironmentOptions) {}

  /** Starts reading in the background; never blocks start-up. */
  start(): void {
    void this.get();
  }

  /** True once the shell answered (or failed, falling back to this process's environment). */
  get isReady(): boolean {
    return this.resolved !== undefined;
  }

  /** The shell environment (this process's environment when the shell could not be read). */
  get(): Promise<Readonly<Record<string, string>>> {
    this.pending ??= this.read().then((env) => {
      this.resolved = env;
      for (const l of this.listeners) l();
      return env;
    });
    return this.pending;
  }

  /** What exec plugins get right now: the shell's PATH and variables this process lacks. */
  execEnvironment(): ExecEnvironment {
    const own = this.options.env;
    const shell = this.resolved;
    if (!shell) return { ...(own.PATH ? { path: own.PATH } : {}), extra: {} };
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(shell)) {
      if (own[k] === undefined && !IGNORED.has(k) && !k.startsWith('ELECTRON_')) extra[k] = v;
    }
    const path = mergePaths(shell.PATH, own.PATH);
    return { ...(path ? { path } : {}), extra };
  }

  /** A variable from this process's environment, else from the login shell's (a GUI launch may lack it). */
  variable(name: string): string | undefined {
    return this.options.env[name] ?? this.resolved?.[name];
  }

  onDidResolve(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    if (this.child && this.child.exitCode === null) killGroup(this.child.pid);
  }

  private async read(): Promise<Readonly<Record<string, string>>> {
    const own = definedOnly(this.options.env);
    const platform = this.options.platform ?? process.platform;
    const shell = this.options.env.SHELL;
    if (platform === 'win32' || !shell) return own;
    const started = Date.now();
    try {
      const env = await this.runShell(shell);
      this.options.log?.info('login shell environment read', { shell, ms: Date.now() - started, vars: Object.keys(env).length });
      return env;
    } catch (err) {
      this.options.log?.warn('login shell environment unavailable; using the app environment', { shell, error: (err as Error).message });
      return own;
    }
  }

  private runShell(shell: string): Promise<Record<string, string>> {
    const mark = randomBytes(8).toString('hex');
    // The login shell runs /bin/sh, which prints the environment it inherited between markers (banners and prompts
    // from rc files are ignored): NUL-separated with `env -0` where env has it, else one variable per line. No app
    // binary is involved, so a shipped app can keep ELECTRON_RUN_AS_NODE disabled (Electron fuses).
    const command = `/bin/sh -c 'printf %s "$1"; env -0 2>/dev/null || env; printf %s "$1"' sh ${mark}`;
    return new Promise((resolve, reject) => {
      const child = spawn(shell, ['-ilc', command], {
        env: definedOnly(this.options.env),
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
      });
      this.child = child;
      let out = '';
      const timer = setTimeout(() => {
        killGroup(child.pid);
        reject(new Error(`the login shell did not answer within ${this.options.timeoutMs ?? 3000} ms`));
      }, this.options.timeoutMs ?? 3000);
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        out += d;
        if (out.length > 4 * 1024 * 1024) killGroup(child.pid);
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', () => {
        clearTimeout(timer);
        this.child = undefined;
        const start = out.indexOf(mark);
        const end = out.lastIndexOf(mark);
        if (start === -1 || end <= start) return reject(new Error('the login shell printed no environment'));
        const env = parseEnvOutput(out.slice(start + mark.length, end));
        for (const k of ['SHLVL', '_']) delete env[k];
        resolve(env);
      });
    });
  }
}

/** Parses `env -0` output, or plain `env` output (a line without NAME= continues the previous value). */
export function parseEnvOutput(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (text.includes('\0')) {
    for (const entry of text.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  }
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(line);
    if (m) env[(last = m[1]!)] = m[2]!;
    else if (last !== undefined) env[last] += `\n${line}`;
  }
  if (last !== undefined && env[last]!.endsWith('\n')) env[last] = env[last]!.slice(0, -1);
  return env;
}

const IGNORED = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'TERM', 'PS1']);

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** Shell PATH first, then entries only this process had (keeps both working). */
function mergePaths(shellPath: string | undefined, ownPath: string | undefined): string | undefined {
  const sep = process.platform === 'win32' ? ';' : ':';
  const parts = [...(shellPath ?? '').split(sep), ...(ownPath ?? '').split(sep)].filter(Boolean);
  return parts.length ? [...new Set(parts)].join(sep) : undefined;
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
