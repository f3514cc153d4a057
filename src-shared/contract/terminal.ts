// Contract: embedded terminals (local shells bound to a cluster + namespace, and pod shells over exec).
import { z } from 'zod';
import { call, stream } from './rpc';

/** The most a single `input` call may carry; the renderer splits larger pastes. */
export const MAX_TERMINAL_INPUT_CHARS = 256 * 1024;
/** The most terminals one connection may have open at once. */
export const MAX_TERMINALS_PER_CONNECTION = 16;

const terminalId = z.string().regex(/^t-[A-Za-z0-9_-]{8,64}$/);
const name253 = z.string().min(1).max(253);
const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

/** What a local terminal is bound to: KUBECONFIG points at a per-terminal file with this context and namespace. */
export const terminalBinding = z.object({ context: z.string().min(1).max(512), namespace: name253.optional() }).strict();
export type TerminalBinding = z.infer<typeof terminalBinding>;

/**
 * A pod's container over the apiserver's WebSocket with the user's own credentials: `exec` runs a shell (or
 * `command`) in it; `attach` connects to its running main process (its tty and stdin as the pod spec sets them).
 */
export const podShellTarget = z
  .object({
    context: z.string().min(1).max(512),
    namespace: name253,
    pod: name253,
    container: name253.optional(),
    /** `exec` (default) or `attach`. */
    mode: z.enum(['exec', 'attach']).optional(),
    /** argv to run (exec only); default: bash if the container has it, else sh. */
    command: z.array(z.string().max(4096)).min(1).max(64).optional(),
  })
  .strict()
  .refine((v) => !(v.mode === 'attach' && v.command), { message: 'Attach connects to the running process; it takes no command.' });
export type PodShellTarget = z.infer<typeof podShellTarget>;

export const createTerminalInput = z
  .object({
    ...size,
    /** Local shell (default), optionally bound to a cluster; or a pod shell. */
    binding: terminalBinding.optional(),
    pod: podShellTarget.optional(),
    /** Working folder (an open repository); the home folder when missing or not a folder. */
    cwd: z.string().max(4096).optional(),
    title: z.string().max(200).optional(),
  })
  .strict()
  .refine((v) => !(v.binding && v.pod), { message: 'A terminal is either a local shell or a pod shell.' });

/** What the UI shows about a terminal. */
export const terminalInfo = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['local', 'pod']),
  /** The program started (the shell path, or the exec'd command). */
  program: z.string(),
  cwd: z.string().optional(),
  binding: terminalBinding.optional(),
  pod: podShellTarget.optional(),
  /** Set once the process ended. */
  exit: z.object({ code: z.number().int().nullable(), signal: z.string().optional(), message: z.string().optional() }).optional(),
});
export type TerminalInfo = z.infer<typeof terminalInfo>;

/** Output of a terminal: `data` (already counted for flow control), then at most one `exit`. */
export const terminalEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('data'), data: z.string(), replay: z.boolean().optional() }),
  z.object({ kind: z.literal('exit'), code: z.number().int().nullable(), signal: z.string().optional(), message: z.string().optional() }),
]);
export type TerminalEvent = z.infer<typeof terminalEvent>;

const byId = z.object({ id: terminalId }).strict();

export const terminalContract = {
  /** Starts a terminal; attach to read its output. */
  create: call(createTerminalInput, terminalInfo),
  /** Terminals still alive (also those kept for a reconnect window after the page went away). */
  list: call(z.object({}).strict(), z.array(terminalInfo)),
  /** Output from the start of what is kept (a replay), then live; one attachment per terminal (a new one replaces it). */
  attach: stream(byId, terminalEvent),
  /** Bytes typed or pasted, written to the pty as they are. */
  input: call(z.object({ id: terminalId, data: z.string().max(MAX_TERMINAL_INPUT_CHARS) }).strict(), z.object({})),
  /** Characters of output xterm has parsed (flow control). */
  ack: call(z.object({ id: terminalId, chars: z.number().int().min(1).max(100_000_000) }).strict(), z.object({})),
  resize: call(z.object({ id: terminalId, ...size }).strict(), z.object({})),
  rename: call(z.object({ id: terminalId, title: z.string().min(1).max(200) }).strict(), terminalInfo),
  /** Whether a program other than the shell runs in it (the UI asks before closing). */
  busy: call(byId, z.object({ busy: z.boolean(), processes: z.array(z.string()).max(20) })),
  /** Ends the process (SIGHUP, then SIGKILL for what ignores it) and removes the per-terminal kubeconfig. */
  close: call(byId, z.object({})),
} as const;
