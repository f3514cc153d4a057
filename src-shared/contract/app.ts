// Contract: facts about the app and its host.
import { z } from 'zod';
import { call, stream } from './rpc';

/** A message the host wants the user to see (e.g. a settings file was reset). */
export const notice = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.number(),
});
export type Notice = z.infer<typeof notice>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  startedAt: z.number(),
});
export type AppInfo = z.infer<typeof appInfo>;

/** Something the desktop shell asks the UI to do: run a command (menu item), open a view, or handle a deep link. */
export const shellEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), commandId: z.string().max(200) }),
  z.object({
    kind: z.literal('open-view'),
    viewId: z.string().max(200),
    params: z.record(z.string().max(200), z.string().max(4096)),
  }),
  z.object({ kind: z.literal('deep-link'), url: z.string().max(4096) }),
]);
export type ShellEvent = z.infer<typeof shellEvent>;

/** Where the desktop app's self-update stands (electron-updater from GitHub Releases); `off` in browser mode and development. */
export const updateState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off'), reason: z.string() }),
  z.object({ state: z.literal('idle'), checkedAt: z.number().optional(), lastError: z.string().optional() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ state: z.literal('ready'), version: z.string() }),
]);
export type UpdateState = z.infer<typeof updateState>;

export const appContract = {
  info: call(z.object({}).strict(), appInfo),
  /** Echoes the text; used by tests and the status bar's connection check. */
  ping: call(z.object({ text: z.string().max(1000) }).strict(), z.object({ text: z.string(), at: z.number() })),
  /** Notices already raised plus new ones as they happen. */
  notices: stream(z.object({}).strict(), notice),
  /** Requests from the desktop shell (menu, `pipe-desktop://` links); events raised before anyone listened are delivered to the first subscriber. */
  shellEvents: stream(z.object({}).strict(), shellEvent),
  /** Opens an http(s) link in the system browser (desktop) or returns it for the page to open (browser mode). */
  openExternal: call(z.object({ url: z.string().url().max(4096) }).strict(), z.object({ opened: z.boolean() })),
  /** The update state now, then each change. */
  updates: stream(z.object({}).strict(), updateState),
  /** Quits and installs a downloaded update; `restarting: false` when none is ready. */
  restartToUpdate: call(z.object({}).strict(), z.object({ restarting: z.boolean() })),
} as const;
