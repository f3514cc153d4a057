// What a terminal runs: a local pty or a pod exec session. The session code sees only this interface.

/** How a terminal's process ended. */
export interface TerminalExit {
  readonly code: number | null;
  readonly signal?: string;
  /** Plain words for the user (e.g. an exec that was forbidden). */
  readonly message?: string;
}

/** A process behind a terminal. Listeners are set once; `kill` resolves when everything it started is gone. */
export interface TerminalProcess {
  /** The program started, for display. */
  readonly program: string;
  onData(listener: (data: string) => void): void;
  onExit(listener: (exit: TerminalExit) => void): void;
  /** Bytes for the process as typed; never interpreted by the host. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Stops reading output (flow control) until resumed. */
  pause(): void;
  resume(): void;
  /** Programs running besides the shell itself. */
  busy(): Promise<readonly string[]>;
  kill(): Promise<void>;
}
