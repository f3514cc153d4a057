// Contract: user settings owned by the host.
import { z } from 'zod';
import { call, stream } from './rpc';

export const themeSetting = z.enum(['system', 'light', 'dark']);

/** All settings with their defaults; unknown keys in a stored file are dropped. */
export const settingsSchema = z.object({
  theme: themeSetting.default('system'),
  /** Extra kubeconfig files or folders the user added. */
  kubeconfigPaths: z.array(z.string().max(4096)).max(200).default([]),
  /** Namespaces the user typed in per context (when listing namespaces is forbidden). */
  rememberedNamespaces: z.record(z.string(), z.array(z.string().max(253)).max(100)).default({}),
  /** Chosen namespace per context. */
  namespaceByContext: z.record(z.string(), z.string().max(253)).default({}),
  currentContext: z.string().max(512).optional(),
  profileUrl: z.string().max(4096).optional(),
  logFontSize: z.number().int().min(8).max(32).default(13),
  terminalFontSize: z.number().int().min(8).max(32).default(13),
  /** Absolute path of the terminal's shell; the login shell ($SHELL) when unset. */
  terminalShell: z.string().max(4096).optional(),
  terminalScrollback: z.number().int().min(100).max(100_000).default(5000),
  /** xterm's WebGL renderer (falls back to the DOM renderer when WebGL is missing), or always the DOM renderer. */
  terminalRenderer: z.enum(['webgl', 'dom']).default('webgl'),
  /** Which releases the desktop app updates to: stable only, or betas too. */
  updateChannel: z.enum(['stable', 'beta']).default('stable'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update; `null` would be ambiguous, so omit a key to keep it. */
export const settingsPatch = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const settingsContract = {
  get: call(z.object({}).strict(), settingsSchema),
  update: call(settingsPatch, settingsSchema),
  /** The current settings, then every change. */
  changes: stream(z.object({}).strict(), settingsSchema),
} as const;
