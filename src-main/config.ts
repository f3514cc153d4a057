// The host's configuration, read once from the environment.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Validated, frozen host configuration. */
export interface HostConfig {
  readonly appDataDir: string;
  readonly port: number;
  readonly host: '127.0.0.1';
  readonly rendererDir: string;
  readonly version: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Where an app keeps its data on this OS (Electron's appData + app name). */
export function defaultAppDataDir(env: NodeJS.ProcessEnv, os = platform(), home = homedir()): string {
  if (os === 'darwin') return join(home, 'Library', 'Application Support', 'PIPE Desktop');
  if (os === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'PIPE Desktop');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'pipe-desktop');
}

/** Reads the configuration; the only place that reads process.env for the host. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HostConfig> = {}): HostConfig {
  const port = env.PIPE_DESKTOP_PORT ? Number(env.PIPE_DESKTOP_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PIPE_DESKTOP_PORT must be a port number (0-65535), got "${env.PIPE_DESKTOP_PORT}".`);
  }
  const level = env.PIPE_DESKTOP_LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new Error(`PIPE_DESKTOP_LOG_LEVEL must be debug, info, warn or error, got "${level}".`);
  }
  return Object.freeze({
    appDataDir: env.PIPE_DESKTOP_DATA_DIR || defaultAppDataDir(env),
    port,
    host: '127.0.0.1' as const,
    rendererDir: env.PIPE_DESKTOP_RENDERER_DIR || join(process.cwd(), 'out', 'renderer'),
    version: env.npm_package_version ?? '0.1.0',
    logLevel: level as HostConfig['logLevel'],
    env: Object.freeze({ ...env }),
    ...overrides,
  });
}
