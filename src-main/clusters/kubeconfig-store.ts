// Discovers, reads, merges and watches kubeconfig files; changes apply live. Never writes a user's file.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeKubeconfigs, type MergedKubeconfig } from '../../src-shared/clusters/kubeconfig-merge';
import { parseKubeconfig } from '../../src-shared/clusters/kubeconfig-parse';
import { orderSources, splitKubeconfigEnv, looksLikeKubeconfigName, type KubeconfigSource } from '../../src-shared/clusters/kubeconfig-sources';
import type { KubeconfigFileInfo } from '../../src-shared/contract/clusters';
import { RpcError } from '../../src-shared/contract/errors';
import { atomicWrite } from '../util/atomic-write';
import type { Logger } from '../util/logger';
import { inspectUserPath, readKubeconfigFile, type ReadKubeconfig } from './kubeconfig-reader';
import { PathWatcher, type PathWatcherOptions, type WatchTarget } from './path-watcher';

/** Where to look. Getters are re-read on every reload (settings and the shell environment change). */
export interface KubeconfigStoreOptions {
  readonly envKubeconfig: () => string | undefined;
  /** The home folder (~/.kube/config), or undefined when unknown. */
  readonly home: string | undefined;
  /** Files and folders the user added (settings.kubeconfigPaths). */
  readonly userPaths: () => readonly string[];
  /** The folder of kubeconfigs the app manages (appDataDir/kubeconfigs). */
  readonly appDir: string;
  readonly delimiter?: ':' | ';';
  readonly watch?: PathWatcherOptions;
  readonly log?: Logger;
}

/** One file's state in a snapshot. */
export interface KubeconfigFileState {
  readonly source: KubeconfigSource;
  readonly read: ReadKubeconfig;
}

/** Everything read, merged. Replaced (never mutated) on change. */
export interface KubeconfigSnapshot {
  readonly version: number;
  readonly files: readonly KubeconfigFileState[];
  readonly merged: MergedKubeconfig;
}

type Listener = (snapshot: KubeconfigSnapshot) => void;

/** Owns the kubeconfig view of the app. */
export class KubeconfigStore {
  private current: KubeconfigSnapshot = { version: 0, files: [], merged: mergeKubeconfigs([]) };
  private readonly listeners = new Set<Listener>();
  private readonly watcher: PathWatcher;
  private reloading: Promise<void> = Promise.resolve();
  private queued = false;
  private disposed = false;

  constructor(private readonly options: KubeconfigStoreOptions) {
    this.watcher = new PathWatcher(() => void this.reload(), options.watch);
  }

  /** Reads everything once and starts watching. */
  async start(): Promise<void> {
    await mkdir(this.options.appDir, { recursive: true, mode: 0o700 });
    await this.reload();
  }

  get snapshot(): KubeconfigSnapshot {
    return this.current;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads sources and files; concurrent calls collapse into one follow-up run. */
  reload(): Promise<void> {
    if (this.queued) return this.reloading;
    this.queued = true;
    this.reloading = this.reloading.then(async () => {
      this.queued = false;
      if (this.disposed) return;
      try {
        await this.reloadNow();
      } catch (err) {
        this.options.log?.error('kubeconfig reload failed', { error: String(err) });
      }
    });
    return this.reloading;
  }

  /** Saves pasted kubeconfig text as an app-managed file; refuses text that has no usable context. */
  async importText(name: string, text: string): Promise<string> {
    const base = name.replace(/\.(ya?ml)$/i, '');
    const path = join(this.options.appDir, `${base}.yaml`);
    const parsed = parseKubeconfig(path, text);
    const fatal = parsed.problems.find((p) => p.severity === 'error' && p.entry === undefined);
    if (fatal) throw new RpcError('invalid-config', fatal.message);
    if (parsed.contexts.length === 0) throw new RpcError('invalid-config', 'The kubeconfig defines no context.');
    await atomicWrite(path, text, 0o600);
    await this.reload();
    return path;
  }

  /** The user-facing list of files with their problems. */
  fileInfos(): KubeconfigFileInfo[] {
    const userPaths = new Set(this.options.userPaths());
    const shadowed = this.current.merged.shadowed;
    return this.current.files.map(({ source, read }) => {
      // A missing file is said by its state; repeating "does not exist" as an error would be noise.
      const problems = read.exists ? [...read.parsed.problems, ...(shadowed.get(source.path) ?? [])] : [];
      const fileError = read.parsed.problems.some((p) => p.severity === 'error' && p.entry === undefined);
      const state: KubeconfigFileInfo['state'] = !read.exists
        ? 'missing'
        : fileError
          ? 'error'
          : read.parsed.problems.some((p) => p.severity === 'error')
            ? 'partial'
            : 'ok';
      return {
        path: source.path,
        kind: source.kind,
        ...(source.folder ? { folder: source.folder } : {}),
        state,
        contexts: read.parsed.contexts.length,
        problems: problems.map((p) => (p.entry ? { severity: p.severity, message: p.message, entry: p.entry } : { severity: p.severity, message: p.message })),
        removable: source.kind === 'app' || userPaths.has(source.path) || (source.folder !== undefined && userPaths.has(source.folder)),
      };
    });
  }

  dispose(): void {
    this.disposed = true;
    this.watcher.dispose();
    this.listeners.clear();
  }

  private async reloadNow(): Promise<void> {
    const { sources, targets } = await this.discover();
    const previous = new Map(this.current.files.map((f) => [f.source.path, f.read]));
    const files = await Promise.all(
      sources.map(async (source) => ({ source, read: await readKubeconfigFile(source.path, previous.get(source.path)) })),
    );
    if (this.disposed) return;
    await this.watcher.setTargets([...targets, ...files.map((f) => ({ path: f.source.path, isFolder: false }))]);
    const unchanged =
      files.length === this.current.files.length &&
      files.every((f, i) => {
        const old = this.current.files[i]!;
        return old.source.path === f.source.path && old.source.kind === f.source.kind && old.read === f.read;
      });
    if (unchanged && this.current.version > 0) return;
    // Missing files contribute nothing; kubectl skips them too.
    const merged = mergeKubeconfigs(files.filter((f) => f.read.exists).map((f) => f.read.parsed));
    this.current = { version: this.current.version + 1, files, merged };
    this.options.log?.info('kubeconfigs loaded', { files: files.length, contexts: merged.contexts.size });
    for (const l of this.listeners) l(this.current);
  }

  private async discover(): Promise<{ sources: KubeconfigSource[]; targets: WatchTarget[] }> {
    const delimiter = this.options.delimiter ?? (process.platform === 'win32' ? ';' : ':');
    const env = splitKubeconfigEnv(this.options.envKubeconfig(), delimiter);
    const defaultPath = this.options.home ? join(this.options.home, '.kube', 'config') : undefined;
    const targets: WatchTarget[] = [{ path: this.options.appDir, isFolder: true }];
    const user: { path: string; folder?: string }[] = [];
    for (const p of this.options.userPaths()) {
      const found = await inspectUserPath(p);
      if (found.kind === 'folder') {
        targets.push({ path: p, isFolder: true });
        for (const f of found.files) user.push({ path: f, folder: p });
      } else {
        user.push({ path: p });
      }
    }
    let app: string[] = [];
    try {
      app = (await readdir(this.options.appDir)).filter(looksLikeKubeconfigName).sort().map((n) => join(this.options.appDir, n));
    } catch {
      app = [];
    }
    const sources = orderSources({ env, ...(defaultPath ? { defaultPath } : {}), user, app });
    return { sources, targets };
  }
}
