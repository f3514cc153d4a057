// One terminal: its process, flow control, the replay kept for re-attaching, and the reconnect window.
import type { Emit } from '../../src-shared/contract/rpc';
import type { TerminalEvent, TerminalInfo } from '../../src-shared/contract/terminal';
import { DEFAULT_FLOW_MARKS, FlowController, type FlowMarks } from '../../src-shared/terminal/flow-control';
import { ReplayBuffer } from '../../src-shared/terminal/replay-buffer';
import type { TerminalExit, TerminalProcess } from './terminal-process';

/** Timing and sizes of a session. */
export interface SessionOptions {
  /** How long a terminal nobody is attached to stays alive (a page reload or a lost socket). */
  readonly reconnectWindowMs: number;
  readonly replayChars: number;
  readonly flow?: FlowMarks;
  /** Called when the reconnect window ran out. */
  readonly onAbandoned: () => void;
}

/** A running (or ended) terminal. */
export class TerminalSession {
  private readonly replay: ReplayBuffer;
  private readonly flow: FlowController;
  private attachment: { emit: Emit<TerminalEvent> } | undefined;
  private abandonTimer: ReturnType<typeof setTimeout> | undefined;
  private exit: TerminalExit | undefined;
  private closed = false;

  constructor(
    private info: TerminalInfo,
    /** The connection that created or last attached to it (caps are counted per connection). */
    public owner: string,
    readonly process: TerminalProcess,
    private readonly options: SessionOptions,
    onExit: (exit: TerminalExit) => void,
  ) {
    this.replay = new ReplayBuffer(options.replayChars);
    this.flow = new FlowController(() => process.pause(), () => process.resume(), options.flow ?? DEFAULT_FLOW_MARKS);
    process.onData((data) => this.deliver(data));
    process.onExit((exit) => {
      this.exit = exit;
      this.info = { ...this.info, exit: { code: exit.code, ...(exit.signal ? { signal: exit.signal } : {}), ...(exit.message ? { message: exit.message } : {}) } };
      this.attachment?.emit({ kind: 'exit', ...this.info.exit! });
      onExit(exit);
    });
    this.startAbandonTimer();
  }

  get id(): string {
    return this.info.id;
  }

  get snapshot(): TerminalInfo {
    return this.info;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Unacknowledged characters (tests and the bench read this). */
  get pendingChars(): number {
    return this.flow.pending;
  }

  rename(title: string): TerminalInfo {
    this.info = { ...this.info, title };
    return this.info;
  }

  /** Attaches a renderer: replays what is kept, then streams live output. A new attachment replaces the old one. */
  attach(emit: Emit<TerminalEvent>, connectionId: string): () => void {
    this.owner = connectionId;
    if (this.abandonTimer) clearTimeout(this.abandonTimer);
    this.abandonTimer = undefined;
    const attachment = { emit };
    this.attachment = attachment;
    const kept = this.replay.read();
    if (kept) emit({ kind: 'data', data: kept, replay: true });
    this.flow.reset(kept.length);
    if (this.info.exit) emit({ kind: 'exit', ...this.info.exit });
    return () => {
      if (this.attachment !== attachment) return;
      this.attachment = undefined;
      this.startAbandonTimer();
    };
  }

  /** Shows a line from PIPE Desktop itself (not from the process) in the terminal. */
  announce(text: string): void {
    this.deliver(`\x1b[33mPIPE Desktop: ${text}\x1b[0m\r\n`);
  }

  acknowledge(chars: number): void {
    this.flow.acked(chars);
  }

  /** Stops the process and timers; resolves when everything it started is gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.abandonTimer) clearTimeout(this.abandonTimer);
    this.attachment = undefined;
    await this.process.kill();
  }

  private deliver(data: string): void {
    this.replay.push(data);
    // Counted while detached too: nobody acknowledges, so the pty pauses instead of filling memory.
    this.flow.sent(data.length);
    this.attachment?.emit({ kind: 'data', data });
  }

  private startAbandonTimer(): void {
    if (this.closed || this.abandonTimer) return;
    this.abandonTimer = setTimeout(() => {
      this.abandonTimer = undefined;
      if (!this.attachment) this.options.onAbandoned();
    }, this.options.reconnectWindowMs);
    this.abandonTimer.unref?.();
  }
}
