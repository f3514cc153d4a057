// Exec into a pod's container, or attach to its running process, over the apiserver's WebSocket (v5.channel.k8s.io,
// else v4) with the client's own credentials: stdin/stdout/stderr, resize, the exit code from the error channel, and
// an orderly end on close.
import type WebSocket from 'ws';
import {
  CHANNEL,
  EXEC_PROTOCOLS,
  decodeFrame,
  encodeCloseStdin,
  encodeFrame,
  encodeResize,
  execOutcome,
  type ExecOutcome,
} from '../../src-shared/terminal/exec-protocol';
import type { KubeClient } from './kube-client';

/** What to run where. */
export interface PodExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container?: string;
  readonly command: readonly string[];
  readonly tty: boolean;
  /** Initial size (tty only), sent right after the socket opens. */
  readonly size?: { readonly cols: number; readonly rows: number };
  readonly signal?: AbortSignal;
  /** How long `close()` lets the process end by itself (its exit status then arrives) before closing the socket. */
  readonly closeGraceMs?: number;
}

/** A running exec session. */
export interface PodExec {
  /** The negotiated subprotocol. */
  readonly protocol: string;
  onOutput(listener: (data: Buffer, stream: 'stdout' | 'stderr') => void): void;
  /** Fires once: the exit code, or a message when it did not exit normally (connection lost, refused). */
  onEnd(listener: (outcome: ExecOutcome) => void): void;
  write(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Stops reading (flow control); the apiserver then stops reading from the container. */
  pause(): void;
  resume(): void;
  /**
   * Ends the session: a tty shell is told to end (TTY_HANG_UP: interrupt, clear the line, end of input, exit), stdin is
   * closed (v5), the process gets a moment to exit by itself, then the socket is closed (1000), or dropped when the
   * server does not answer the close.
   */
  close(): Promise<void>;
}

/** Opens an exec session; a refusal (403, 404) rejects with the client's typed error carrying the apiserver's text. */
export async function openPodExec(client: KubeClient, req: PodExecRequest): Promise<PodExec> {
  const ws = await client.upgrade(subresourcePath(req, 'exec'), {
    query: {
      command: [...req.command],
      ...(req.container ? { container: [req.container] } : {}),
      stdin: ['true'],
      stdout: ['true'],
      stderr: [req.tty ? 'false' : 'true'],
      tty: [String(req.tty)],
    },
    protocols: EXEC_PROTOCOLS,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const session = new WsPodExec(ws, { endStdinOnClose: true, hangUpOnClose: req.tty, closeGraceMs: req.closeGraceMs ?? CLOSE_GRACE_MS });
  if (req.tty && req.size) session.resize(req.size.cols, req.size.rows);
  return session;
}

/** What to attach to: the container's main process, with the tty and stdin its spec gives it. */
export interface PodAttachRequest extends Omit<PodExecRequest, 'command'> {
  /** Send input (only when the container spec has `stdin: true`; the kubelet refuses it otherwise). */
  readonly stdin: boolean;
}

/**
 * Attaches to a running container (the `attach` subresource: same channels as exec). Closing detaches without ending
 * stdin, so the container's process keeps running (it would read end-of-file and may exit otherwise).
 */
export async function openPodAttach(client: KubeClient, req: PodAttachRequest): Promise<PodExec> {
  const ws = await client.upgrade(subresourcePath(req, 'attach'), {
    query: {
      ...(req.container ? { container: [req.container] } : {}),
      stdin: [String(req.stdin)],
      stdout: ['true'],
      stderr: [req.tty ? 'false' : 'true'],
      tty: [String(req.tty)],
    },
    protocols: EXEC_PROTOCOLS,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const session = new WsPodExec(ws, { endStdinOnClose: false, hangUpOnClose: false, closeGraceMs: 0 });
  if (req.tty && req.size) session.resize(req.size.cols, req.size.rows);
  return session;
}

/** Default time a closed exec gets to exit by itself before the socket is closed. */
export const CLOSE_GRACE_MS = 2000;
/** After a normal close, how long the server has to answer it before the socket is dropped. */
const CLOSE_ANSWER_MS = 3000;
/**
 * Typed into a tty shell on close: Ctrl-C interrupts the foreground program, Ctrl-U drops a half-typed line, Ctrl-D on
 * the empty line is end of input, and `exit` covers a shell that only reads the queued input after its foreground
 * program ended (a Ctrl-D queued while the tty was in line mode reaches line editing as a NUL byte). Closing stdin
 * alone is not enough: the runtime keeps the pty open, so the shell never reads end of file (kwok keeps it forever).
 */
export const TTY_HANG_UP = '\x03\x15\x04exit\r';

/** How a session ends on close. */
interface CloseBehaviour {
  /** Exec ends stdin on close (the shell exits); attach only detaches. */
  readonly endStdinOnClose: boolean;
  /** An exec with a tty: the shell is told to end through its tty (TTY_HANG_UP). */
  readonly hangUpOnClose: boolean;
  readonly closeGraceMs: number;
}

function subresourcePath(req: { readonly namespace: string; readonly pod: string }, subresource: 'exec' | 'attach'): string {
  return `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/${subresource}`;
}

class WsPodExec implements PodExec {
  readonly protocol: string;
  private readonly outputListeners: ((data: Buffer, stream: 'stdout' | 'stderr') => void)[] = [];
  private readonly endListeners: ((outcome: ExecOutcome) => void)[] = [];
  private outcome: ExecOutcome | undefined;
  /** Output that arrived before anyone listened (the first frames can come with the handshake). */
  private early: [Buffer, 'stdout' | 'stderr'][] | undefined = [];
  private ended = false;
  /** How it ended, for listeners that come late. */
  private endedWith: ExecOutcome | undefined;
  private readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly behaviour: CloseBehaviour,
  ) {
    this.protocol = ws.protocol;
    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
      // v4/v5 frames are binary; a text frame is not part of the protocol.
      if (!isBinary) return;
      const frame = decodeFrame(buf);
      if (!frame) return;
      const payload = Buffer.from(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength);
      if (frame.channel === CHANNEL.stdout || frame.channel === CHANNEL.stderr) {
        const stream = frame.channel === CHANNEL.stdout ? 'stdout' : 'stderr';
        if (this.early) this.early.push([payload, stream]);
        else for (const l of this.outputListeners) l(payload, stream);
      } else if (frame.channel === CHANNEL.error) {
        this.outcome = execOutcome(payload.toString('utf8'));
      }
    });
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => {
        this.finish(this.outcome ?? { code: null, message: code === 1000 ? 'The exec session ended.' : `The connection to the cluster closed (${code}${reason.length ? `: ${reason.toString()}` : ''}).` });
        resolve();
      });
    });
    ws.on('error', () => {
      // 'close' follows and reports the end
    });
  }

  onOutput(listener: (data: Buffer, stream: 'stdout' | 'stderr') => void): void {
    this.outputListeners.push(listener);
    const early = this.early;
    this.early = undefined;
    for (const [data, stream] of early ?? []) listener(data, stream);
  }

  onEnd(listener: (outcome: ExecOutcome) => void): void {
    if (this.ended) listener(this.endedWith ?? { code: null });
    else this.endListeners.push(listener);
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.send(encodeFrame(CHANNEL.stdin, bytes));
  }

  resize(cols: number, rows: number): void {
    this.send(encodeResize(cols, rows));
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.resume();
    // Ending the input lets the container's shell exit instead of lingering (orphaned shells when sockets just vanish).
    if (this.behaviour.endStdinOnClose) {
      if (this.behaviour.hangUpOnClose) this.write(TTY_HANG_UP);
      if (this.protocol === 'v5.channel.k8s.io') this.send(encodeCloseStdin());
      else if (!this.behaviour.hangUpOnClose) this.write('\x04');
      // The exit status comes on the error channel and the server closes the socket; closing it first could drop the
      // input just sent (the apiserver tears its stream to the kubelet down with the socket).
      await this.closedWithin(this.behaviour.closeGraceMs);
    }
    if (this.ended) return;
    this.ws.close(1000);
    if (!(await this.closedWithin(CLOSE_ANSWER_MS))) this.ws.terminate();
    await this.closed;
  }

  /** True once the socket closed, false when `ms` passed first. */
  private async closedWithin(ms: number): Promise<boolean> {
    if (this.ended) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.closed.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame, { binary: true });
  }

  private finish(outcome: ExecOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.endedWith = outcome;
    for (const l of this.endListeners.splice(0)) l(outcome);
  }
}
