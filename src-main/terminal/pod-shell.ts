// A pod shell as a terminal process: exec over the apiserver's WebSocket with the user's own credentials.
// A refusal (RBAC 403, pod gone, no shell) becomes the terminal's last words, said plainly.
import { StringDecoder } from 'node:string_decoder';
import type { PodShellTarget } from '../../src-shared/contract/terminal';
import { openPodExec, type PodExec } from '../../src-node/kube/pod-exec';
import type { KubeClient } from '../../src-node/kube/kube-client';
import type { TerminalExit, TerminalProcess } from './terminal-process';

/** bash when the container has it, else sh (busybox and distroless-with-shell images have only sh). */
export const DEFAULT_POD_SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/** Starts a shell in the target container; never throws for a refused exec (the terminal shows why). */
export async function startPodShell(client: KubeClient, target: PodShellTarget, size: { cols: number; rows: number }): Promise<TerminalProcess> {
  const command = target.command ?? DEFAULT_POD_SHELL;
  try {
    const exec = await openPodExec(client, {
      namespace: target.namespace,
      pod: target.pod,
      ...(target.container ? { container: target.container } : {}),
      command,
      tty: true,
      size,
      signal: AbortSignal.timeout(30_000),
    });
    return new PodShellProcess(exec, command.join(' '));
  } catch (err) {
    return new RefusedProcess(command.join(' '), (err as Error).message || 'The exec session could not be opened.');
  }
}

class PodShellProcess implements TerminalProcess {
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly exec: PodExec,
    readonly program: string,
  ) {}

  onData(listener: (data: string) => void): void {
    this.exec.onOutput((buf) => {
      const text = this.decoder.write(buf);
      if (text) listener(text);
    });
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    this.exec.onEnd((o) => listener(o.message ? { code: o.code, message: o.message } : { code: o.code }));
  }

  write(data: string): void {
    this.exec.write(data);
  }

  resize(cols: number, rows: number): void {
    this.exec.resize(cols, rows);
  }

  pause(): void {
    this.exec.pause();
  }

  resume(): void {
    this.exec.resume();
  }

  async busy(): Promise<readonly string[]> {
    // What runs inside the container is not visible from here; an open session counts as busy.
    return ['a shell in the pod'];
  }

  kill(): Promise<void> {
    return this.exec.close();
  }
}

/** A terminal whose exec was refused: it prints why and ends. */
class RefusedProcess implements TerminalProcess {
  constructor(
    readonly program: string,
    private readonly reason: string,
  ) {}

  onData(listener: (data: string) => void): void {
    queueMicrotask(() => listener(`\x1b[31m${this.reason}\x1b[0m\r\n`));
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    setTimeout(() => listener({ code: null, message: this.reason }), 0);
  }

  write(): void {}
  resize(): void {}
  pause(): void {}
  resume(): void {}
  async busy(): Promise<readonly string[]> {
    return [];
  }
  async kill(): Promise<void> {}
}
