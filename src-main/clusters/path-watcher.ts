// Watches files and folders that may not exist yet (fs.watch on the parent folder, debounced), with a slow stat poll as a safety net.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { looksLikeKubeconfigName } from '../../src-shared/clusters/kubeconfig-sources';

/** A path to watch. */
export interface WatchTarget {
  readonly path: string;
  readonly isFolder: boolean;
}

/** Timing of a watcher. */
export interface PathWatcherOptions {
  readonly debounceMs?: number;
  /** Poll interval while fs.watch works (catches network file systems and missed events). */
  readonly pollMs?: number;
  /** Poll interval when fs.watch failed (e.g. inotify limit reached). */
  readonly fallbackPollMs?: number;
}

interface DirWatch {
  readonly watcher: FSWatcher | undefined;
  /** Entry names that matter in this folder; undefined = kubeconfig-like names. */
  readonly names: Set<string> | undefined;
}

/** Calls `onChange` (debounced) when any watched path is created, changed, replaced or removed. */
export class PathWatcher {
  private readonly dirs = new Map<string, DirWatch>();
  private targets: readonly WatchTarget[] = [];
  private fingerprints = new Map<string, string>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setTimeout> | undefined;
  private watchFailed = false;
  private disposed = false;
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private readonly fallbackPollMs: number;

  constructor(
    private readonly onChange: () => void,
    options: PathWatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 150;
    this.pollMs = options.pollMs ?? 15_000;
    this.fallbackPollMs = options.fallbackPollMs ?? 2_000;
  }

  /** Re-targets the watcher; cheap to call after every reload (folders may have appeared). */
  async setTargets(targets: readonly WatchTarget[]): Promise<void> {
    if (this.disposed) return;
    this.targets = targets;
    const wanted = new Map<string, Set<string> | undefined>();
    for (const t of targets) {
      if (t.isFolder && existsSync(t.path)) {
        wanted.set(t.path, undefined);
        addName(wanted, dirname(t.path), basename(t.path));
        continue;
      }
      // Watch the nearest existing ancestor for the next path component.
      let child = t.path;
      let dir = dirname(child);
      while (!existsSync(dir) && dirname(dir) !== dir) {
        child = dir;
        dir = dirname(dir);
      }
      addName(wanted, dir, basename(child));
    }
    for (const [dir, w] of this.dirs) {
      if (!wanted.has(dir)) {
        w.watcher?.close();
        this.dirs.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const existing = this.dirs.get(dir);
      if (existing && sameNames(existing.names, names)) continue;
      existing?.watcher?.close();
      this.dirs.set(dir, { watcher: this.watchDir(dir, names), names });
    }
    this.fingerprints = await this.fingerprint();
    this.schedulePoll();
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.dirs.values()) w.watcher?.close();
    this.dirs.clear();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearTimeout(this.poll);
  }

  /** Number of open fs.watch handles (tests check nothing leaks). */
  get openWatches(): number {
    return [...this.dirs.values()].filter((d) => d.watcher).length;
  }

  private watchDir(dir: string, names: Set<string> | undefined): FSWatcher | undefined {
    try {
      const w = watch(dir, { persistent: false }, (_event, filename) => {
        const name = filename ? String(filename) : undefined;
        if (name !== undefined && !(names ? names.has(name) : looksLikeKubeconfigName(name))) return;
        this.changed();
      });
      w.on('error', () => {
        w.close();
        this.watchFailed = true;
        this.changed();
      });
      return w;
    } catch {
      this.watchFailed = true;
      return undefined;
    }
  }

  private changed(): void {
    if (this.disposed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (!this.disposed) this.onChange();
    }, this.debounceMs);
  }

  private schedulePoll(): void {
    if (this.poll) clearTimeout(this.poll);
    if (this.disposed) return;
    this.poll = setTimeout(() => void this.pollOnce(), this.watchFailed ? this.fallbackPollMs : this.pollMs);
    this.poll.unref?.();
  }

  private async pollOnce(): Promise<void> {
    const next = await this.fingerprint();
    if (this.disposed) return;
    const changed = next.size !== this.fingerprints.size || [...next].some(([k, v]) => this.fingerprints.get(k) !== v);
    this.fingerprints = next;
    if (changed) this.changed();
    this.schedulePoll();
  }

  private async fingerprint(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await Promise.all(
      this.targets.map(async (t) => {
        try {
          const s = await stat(t.path);
          out.set(t.path, `${s.ino}:${s.size}:${s.mtimeMs}`);
        } catch {
          out.set(t.path, 'missing');
        }
      }),
    );
    return out;
  }
}

function addName(map: Map<string, Set<string> | undefined>, dir: string, name: string): void {
  if (map.has(dir) && map.get(dir) === undefined) return;
  const set = map.get(dir) ?? new Set<string>();
  set.add(name);
  map.set(dir, set);
}

function sameNames(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && [...a].every((n) => b.has(n));
}
