// Watches a workspace's pipeline files: fs.watch on the root and the pipeline folders, debounced, plus a slow poll.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { PipelineFileEntry } from '../../src-shared/contract/pipelines';
import { listingKey, PIPELINE_FOLDERS } from './pipeline-file-lister';

/** Timing of a folder watcher. */
export interface FolderWatcherOptions {
  readonly debounceMs?: number;
  readonly pollMs?: number;
}

/** Calls `onChange` with the new listing whenever it differs from the last one. */
export class FolderWatcher {
  private readonly watchers: FSWatcher[] = [];
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private lastKey: string;
  private disposed = false;
  private scanning = false;

  constructor(
    private readonly root: string,
    private readonly list: () => Promise<PipelineFileEntry[]>,
    initial: readonly PipelineFileEntry[],
    private readonly onChange: (files: PipelineFileEntry[]) => void,
    private readonly options: FolderWatcherOptions = {},
  ) {
    this.lastKey = listingKey(initial);
  }

  /** Starts watching (the root for new pipeline folders, each folder recursively). */
  start(): void {
    this.addWatch(this.root, false);
    for (const f of PIPELINE_FOLDERS) this.addWatch(join(this.root, f), true);
    this.poll = setInterval(() => this.changed(), this.options.pollMs ?? 5000);
    this.poll.unref?.();
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watchers.splice(0)) w.close();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearInterval(this.poll);
  }

  /** Open fs.watch handles (tests check nothing leaks). */
  get openWatches(): number {
    return this.watchers.length;
  }

  private addWatch(path: string, recursive: boolean): void {
    try {
      const w = watch(path, { persistent: false, recursive }, () => this.changed());
      w.on('error', () => w.close());
      this.watchers.push(w);
    } catch {
      // Missing folder: the root watch and the poll notice when it appears.
    }
  }

  private changed(): void {
    if (this.disposed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rescan(), this.options.debounceMs ?? 100);
  }

  private async rescan(): Promise<void> {
    this.debounce = undefined;
    if (this.disposed || this.scanning) return;
    this.scanning = true;
    try {
      const files = await this.list();
      const key = listingKey(files);
      if (this.disposed || key === this.lastKey) return;
      this.lastKey = key;
      // A pipeline folder created after start gets its own watch.
      if (this.watchers.length < 1 + PIPELINE_FOLDERS.length) {
        for (const w of this.watchers.splice(0)) w.close();
        this.addWatch(this.root, false);
        for (const f of PIPELINE_FOLDERS) this.addWatch(join(this.root, f), true);
      }
      this.onChange(files);
    } finally {
      this.scanning = false;
    }
  }
}
