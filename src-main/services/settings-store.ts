// Host-owned settings: validated, written atomically, a corrupt file moved aside (never lost).
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/contract/settings';
import { atomicWrite } from '../util/atomic-write';
import type { NoticeCenter } from './notice-center';

type Listener = (settings: Settings) => void;

/** Loads, updates and persists settings.json in the app-data folder. */
export class SettingsStore {
  private current: Settings = settingsSchema.parse({});
  private readonly listeners = new Set<Listener>();
  private writing: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(
    appDataDir: string,
    private readonly notices: NoticeCenter,
  ) {
    this.path = join(appDataDir, 'settings.json');
  }

  /** Reads the file; a missing file means defaults, a corrupt one is renamed aside and reported. */
  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.current;
      throw err;
    }
    let problem: string | undefined;
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.current = parsed.data;
      else problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem !== undefined) {
      const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.path, aside);
      this.notices.raise(
        'warning',
        `Your settings file could not be read (${problem}). Defaults are in use; the old file was kept as ${aside}.`,
      );
    }
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a partial update, persists it, and notifies listeners. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    this.current = next;
    const write = this.writing.then(() => atomicWrite(this.path, JSON.stringify(next, null, 2) + '\n'));
    this.writing = write.catch(() => undefined);
    await write;
    for (const l of this.listeners) l(next);
    return next;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for pending writes. */
  async dispose(): Promise<void> {
    await this.writing;
    this.listeners.clear();
  }
}
