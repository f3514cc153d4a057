// Owns every terminal of the host: creation (shell, folder, environment, per-terminal kubeconfig), caps, lookups, cleanup.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { RpcError } from '../../src-shared/contract/errors';
import type { Emit } from '../../src-shared/contract/rpc';
import {
  MAX_TERMINALS_PER_CONNECTION,
  type PodShellTarget,
  type TerminalBinding,
  type TerminalEvent,
  type TerminalInfo,
} from '../../src-shared/contract/terminal';
import type { FlowMarks } from '../../src-shared/terminal/flow-control';
import type { Logger } from '../util/logger';
import { checkShell, spawnPty } from './pty-process';
import { terminalEnvironment, type LoginEnvironment } from './terminal-environment';
import type { TerminalKubeconfigs } from './terminal-kubeconfigs';
import type { TerminalProcess } from './terminal-process';
import { TerminalSession } from './terminal-session';

/** Starts a shell in a pod (exec over the apiserver's WebSocket). */
export type PodShellStarter = (target: PodShellTarget, size: { cols: number; rows: number }) => Promise<TerminalProcess>;

/** What the service needs. */
export interface TerminalServiceOptions {
  readonly kubeconfigs: TerminalKubeconfigs;
  readonly loginEnv: LoginEnvironment;
  /** The host's own environment (HostConfig.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The shell chosen in settings, if any. */
  readonly configuredShell: () => string | undefined;
  readonly podShell?: PodShellStarter;
  readonly appVersion?: string;
  readonly reconnectWindowMs?: number;
  readonly killGraceMs?: number;
  readonly replayChars?: number;
  readonly maxPerConnection?: number;
  readonly maxTotal?: number;
  readonly flow?: FlowMarks;
  readonly log?: Logger;
}

/** Arguments of `create` (as validated by the contract). */
export interface CreateTerminal {
  readonly cols: number;
  readonly rows: number;
  readonly binding?: TerminalBinding | undefined;
  readonly pod?: PodShellTarget | undefined;
  readonly cwd?: string | undefined;
  readonly title?: string | undefined;
}

/** A process just started, with what the UI shows about it. */
interface Started {
  readonly info: TerminalInfo;
  readonly process: TerminalProcess;
  /** A line for the user (e.g. a fallback shell was used). */
  readonly notice?: string;
}

const FALLBACK_SHELLS = ['/bin/bash', '/bin/sh'];

/** The host's terminals. */
export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private disposed = false;

  constructor(private readonly options: TerminalServiceOptions) {}

  /** Removes per-terminal kubeconfigs a previous run left behind. */
  async start(): Promise<void> {
    await this.options.kubeconfigs.sweep();
  }

  async create(input: CreateTerminal, connectionId: string): Promise<TerminalInfo> {
    if (this.disposed) throw new RpcError('unavailable', 'The host is stopping.');
    const owned = [...this.sessions.values()].filter((s) => s.owner === connectionId).length;
    if (owned >= (this.options.maxPerConnection ?? MAX_TERMINALS_PER_CONNECTION) || this.sessions.size >= (this.options.maxTotal ?? 64)) {
      throw new RpcError('conflict', `Too many terminals are open (${owned}). Close some before opening more.`);
    }
    const id = `t-${randomBytes(12).toString('base64url')}`;
    const started = input.pod ? await this.startPod(id, input, input.pod) : await this.startLocal(id, input);
    const session = new TerminalSession(
      started.info,
      connectionId,
      started.process,
      {
        reconnectWindowMs: this.options.reconnectWindowMs ?? 60_000,
        replayChars: this.options.replayChars ?? 256 * 1024,
        ...(this.options.flow ? { flow: this.options.flow } : {}),
        onAbandoned: () => {
          this.options.log?.info('terminal abandoned; closing', { id });
          void this.close(id);
        },
      },
      () => void this.options.kubeconfigs.remove(id),
    );
    this.sessions.set(id, session);
    if (started.notice) session.announce(started.notice);
    this.options.log?.info('terminal started', { id, kind: started.info.kind, program: started.info.program });
    return session.snapshot;
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.snapshot);
  }

  attach(id: string, connectionId: string, emit: Emit<TerminalEvent>): () => void {
    return this.get(id).attach(emit, connectionId);
  }

  input(id: string, data: string): void {
    this.get(id).process.write(data);
  }

  ack(id: string, chars: number): void {
    this.get(id).acknowledge(chars);
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).process.resize(cols, rows);
  }

  rename(id: string, title: string): TerminalInfo {
    return this.get(id).rename(title);
  }

  async busy(id: string): Promise<readonly string[]> {
    const s = this.get(id);
    return s.hasExited ? [] : s.process.busy();
  }

  /** Ends the terminal; closing one that is gone already is not an error. */
  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    try {
      await s.close();
    } finally {
      await this.options.kubeconfigs.remove(id);
    }
  }

  /** A session, for tests and the bench. */
  session(id: string): TerminalSession | undefined {
    return this.sessions.get(id);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.close(id)));
    await this.options.kubeconfigs.sweep();
  }

  private get(id: string): TerminalSession {
    const s = this.sessions.get(id);
    if (!s) throw new RpcError('not-found', 'This terminal is closed.');
    return s;
  }

  private async startLocal(id: string, input: CreateTerminal): Promise<Started> {
    const { shell, notice } = await this.chooseShell();
    const cwd = await this.chooseCwd(input.cwd);
    const kubeconfig = input.binding ? await this.options.kubeconfigs.write(id, input.binding) : undefined;
    try {
      const env = terminalEnvironment(this.options.env, await this.options.loginEnv.get(), {
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(this.options.appVersion ? { appVersion: this.options.appVersion } : {}),
      });
      const process = await spawnPty({
        shell,
        cwd,
        env,
        cols: input.cols,
        rows: input.rows,
        ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
      });
      const title = input.title ?? (input.binding ? `${input.binding.context}/${input.binding.namespace ?? 'default'}` : basename(shell));
      const info: TerminalInfo = { id, title, kind: 'local', program: shell, cwd, ...(input.binding ? { binding: input.binding } : {}) };
      return { info, process, ...(notice ? { notice } : {}) };
    } catch (err) {
      await this.options.kubeconfigs.remove(id);
      throw err;
    }
  }

  private async startPod(id: string, input: CreateTerminal, target: PodShellTarget): Promise<Started> {
    if (!this.options.podShell) throw new RpcError('unavailable', 'Pod shells are not available in this host.');
    const process = await this.options.podShell(target, { cols: input.cols, rows: input.rows });
    const title = input.title ?? `${target.mode === 'attach' ? 'attach ' : ''}${target.pod}${target.container ? `/${target.container}` : ''}`;
    return { info: { id, title, kind: 'pod', program: process.program, pod: target }, process };
  }

  /** The configured shell must exist (the user asked for it); $SHELL falls back to a standard shell with a notice. */
  private async chooseShell(): Promise<{ shell: string; notice?: string }> {
    const configured = this.options.configuredShell()?.trim();
    if (configured) {
      if (!isAbsolute(configured)) throw new RpcError('invalid-config', `The shell in Settings must be an absolute path, not "${configured}".`);
      await checkShell(configured);
      return { shell: configured };
    }
    const login = (await this.options.loginEnv.get()).SHELL;
    const wanted = this.options.env.SHELL || login;
    for (const candidate of [wanted, ...FALLBACK_SHELLS]) {
      if (!candidate || !isAbsolute(candidate)) continue;
      try {
        await checkShell(candidate);
        return candidate === wanted ? { shell: candidate } : { shell: candidate, notice: `$SHELL (${wanted ?? 'unset'}) cannot be run; started ${candidate}.` };
      } catch {
        // try the next one
      }
    }
    throw new RpcError('invalid-config', 'No shell could be started: $SHELL, /bin/bash and /bin/sh are missing. Choose a shell in Settings.');
  }

  private async chooseCwd(requested: string | undefined): Promise<string> {
    const home = this.options.env.HOME || this.options.env.USERPROFILE || '/';
    if (!requested || !isAbsolute(requested)) return home;
    try {
      return (await stat(requested)).isDirectory() ? requested : home;
    } catch {
      return home;
    }
  }
}
