// Reads and writes window-state.json in the app-data folder (plain Node; the maths is in window-state.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../util/atomic-write';
import type { WindowState } from './window-state';

/** The file that holds the window state. */
export function windowStatePath(appDataDir: string): string {
  return join(appDataDir, 'window-state.json');
}

/** The saved state as parsed JSON, or undefined when missing or unreadable (then the default applies). */
export async function readWindowState(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Saves the state atomically; failures are ignored (losing a window position is harmless). */
export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  try {
    await atomicWrite(file, JSON.stringify(state) + '\n');
  } catch {
    // ignore: see above
  }
}
