// A pod shell as a terminal process: exec (or attach) over the apiserver's WebSocket with the user's own
// credentials. A refusal (RBAC 403, pod gone, no shell) becomes the terminal's last words, said plainly.
import { StringDecoder } from 'node:string_decoder';
import type { PodShellTarget } from '../../src-shared/contract/terminal';
import { openPodAttach, openPodExec, type PodExec } from '../../src-node/kube/pod-exec';
import type { KubeClient } from '../../src-node/kube/kube-client';
import type { TerminalExit, TerminalProcess } from './terminal-process';

/** bash when the container has it, else sh (busybox and distroless-with-shell images have only sh). */
export const DEFAULT_POD_SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/** Starts a shell in the target container; never throws for a refused exec (the terminal shows why). */
export async function startPodShell(client: KubeClient, target: PodShellTarget, size: { cols: number; rows: number }): Promise<TerminalProcess> {
  if (target.mode === 'attach') return startPodAttach(client, target, size);
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

/** The container fields attach depends on. */
interface PodContainers {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: { readonly containers?: readonly { readonly name: string; readonly tty?: boolean; readonly stdin?: boolean }[] };
}

/**
 * Attaches to the container's running process. The tty and stdin come from the pod spec (a process started without a
 * tty cannot get one later, and the kubelet refuses stdin the spec does not give), so the pod is read first.
 */
export async function startPodAttach(client: KubeClient, target: PodShellTarget, size: { cols: number; rows: number }): Promise<TerminalProcess> {
  const program = `attach ${target.pod}${target.container ? `/${target.container}` : ''}`;
  try {
    const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}`;
    const pod = await client.request<PodContainers>(path, { what: `pod ${target.pod}` });
    const containers = pod.spec?.containers ?? [];
    const wanted = target.container ?? pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const container = wanted ? containers.find((c) => c.name === wanted) : containers[0];
    if (!container) return new RefusedProcess(program, `The pod ${target.pod} has no container${wanted ? ` named "${wanted}"` : ''}.`);
    const tty = container.tty === true;
    const stdin = container.stdin === true;
    const exec = await openPodAttach(client, {
      namespace: target.namespace,
      pod: target.pod,
      container: container.name,
      tty,
      stdin,
      size,
      signal: AbortSignal.timeout(30_000),
    });
    const note = stdin ? '' : `Attached to ${container.name} (output only: its spec does not enable stdin). Close the tab to detach.`;
    return new PodShellProcess(exec, program, { readOnly: !stdin, crlf: !tty, ...(note ? { banner: note } : {}) });
  } catch (err) {
    return new RefusedProcess(program, (err as Error).message || 'Could not attach to the container.');
  }
}

/** How a pod session is shown: a first line, input refused, bare newlines made CRLF (no tty to do it). */
interface PodSessionLook {
  readonly banner?: string;
  readonly readOnly?: boolean;
  readonly crlf?: boolean;
}

class PodShellProcess implements TerminalProcess {
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly exec: PodExec,
    readonly program: string,
    private readonly look: PodSessionLook = {},
  ) {}

  onData(listener: (data: string) => void): void {
    if (this.look.banner) listener(`\x1b[2m${this.look.banner}\x1b[0m\r\n`);
    this.exec.onOutput((buf) => {
      const text = this.decoder.write(buf);
      if (text) listener(this.look.crlf ? text.replace(/\r?\n/g, '\r\n') : text);
    });
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    this.exec.onEnd((o) => listener(o.message ? { code: o.code, message: o.message } : { code: o.code }));
  }

  write(data: string): void {
    if (!this.look.readOnly) this.exec.write(data);
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
