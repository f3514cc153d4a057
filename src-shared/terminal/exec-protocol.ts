// The Kubernetes exec/attach WebSocket protocol (channel.k8s.io): every binary frame starts with its channel byte.
// v5 adds channel 255 to close a stream (half-close stdin); see KEP-4006 and the apiserver's wsstream package.

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const CHANNEL = Object.freeze({ stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 });

/** A frame for `channel` carrying `payload`. */
export function encodeFrame(channel: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(payload.length + 1);
  frame[0] = channel;
  frame.set(payload, 1);
  return frame;
}

/** The resize frame: the terminal's size as JSON (`Width`, `Height`, as the kubelet reads it). */
export function encodeResize(cols: number, rows: number): Uint8Array {
  // The JSON of two numbers is ASCII, so each character is one byte (src-shared has no TextEncoder type).
  const json = JSON.stringify({ Width: cols, Height: rows });
  return encodeFrame(CHANNEL.resize, Uint8Array.from(json, (ch) => ch.charCodeAt(0)));
}

/** v5 only: closes stdin (the process reads end-of-file). */
export function encodeCloseStdin(): Uint8Array {
  return new Uint8Array([CHANNEL.close, CHANNEL.stdin]);
}

/** Splits a received frame; undefined for an empty one. */
export function decodeFrame(frame: Uint8Array): { channel: number; payload: Uint8Array } | undefined {
  if (frame.length === 0) return undefined;
  return { channel: frame[0]!, payload: frame.subarray(1) };
}

/** How an exec ended, read from the Status object on the error channel. */
export interface ExecOutcome {
  readonly code: number | null;
  /** Set when it did not simply exit (the command could not start, a server-side failure). */
  readonly message?: string;
}

/** Reads the error channel's Status: Success → 0; NonZeroExitCode → its ExitCode cause; anything else → its message. */
export function execOutcome(statusText: string): ExecOutcome {
  let status: { status?: unknown; reason?: unknown; message?: unknown; details?: { causes?: { reason?: unknown; message?: unknown }[] } };
  try {
    status = JSON.parse(statusText) as typeof status;
  } catch {
    return { code: null, message: statusText.trim().slice(0, 2000) || 'The exec session failed.' };
  }
  if (status.status === 'Success') return { code: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { code };
  }
  const message = typeof status.message === 'string' && status.message ? status.message : 'The exec session failed.';
  // Runtimes that wrap the process's end in an internal error still say Go's "exit status N" last (kwok does).
  const wrapped = /: exit status (\d{1,3})\s*$/.exec(message);
  if (wrapped) return { code: Number(wrapped[1]) };
  return { code: null, message: explainExecFailure(message) };
}

/** Turns the runtime's words for "no such program" into a sentence a user can act on. */
export function explainExecFailure(message: string): string {
  if (/executable file not found|no such file or directory|not found in \$PATH/i.test(message)) {
    return `This container has no shell to run (${message.slice(0, 300)}). Choose another container, or use Logs.`;
  }
  return message.slice(0, 2000);
}
