// The folders and files the user opened in the editor: listing, watching, reading and atomic saving, confined to each.
import { randomUUID } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { RpcError } from '../../src-shared/contract/errors';
import { MAX_PIPELINE_FILE_BYTES, type PipelineFileEntry, type PipelineWorkspace } from '../../src-shared/contract/pipelines';
import { atomicWrite } from '../util/atomic-write';
import { FolderWatcher, type FolderWatcherOptions } from './folder-watcher';
import { listPipelineFiles } from './pipeline-file-lister';
import { checkRelativePath, resolveInside } from './workspace-paths';

const MAX_WORKSPACES = 50;

interface Workspace {
  readonly id: string;
  readonly kind: 'folder' | 'file';
  readonly root: string;
  /** For a single-file workspace: the one relative path allowed. */
  readonly onlyPath?: string;
  readonly listeners: Set<(files: PipelineFileEntry[]) => void>;
  watcher?: FolderWatcher;
}

/** Owns the opened workspaces and their watchers; dispose stops every watcher. */
export class PipelineWorkspaces {
  private readonly workspaces = new Map<string, Workspace>();

  constructor(private readonly watchOptions: FolderWatcherOptions = {}) {}

  /** Opens a folder; the path is the user's choice, everything after is confined to it. */
  async openFolder(path: string): Promise<PipelineWorkspace> {
    const root = await this.realDir(path);
    const ws = this.add({ id: randomUUID(), kind: 'folder', root, listeners: new Set() });
    return { workspaceId: ws.id, kind: 'folder', root, name: basename(root), files: await listPipelineFiles(root) };
  }

  /** Opens one YAML file: its folder is the root, and only this file is reachable. */
  async openFile(path: string): Promise<PipelineWorkspace> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new RpcError('not-found', `${path} does not exist.`);
    }
    const name = basename(real);
    checkRelativePath(name);
    const s = await stat(real);
    if (!s.isFile()) throw new RpcError('bad-request', `${path} is not a file.`);
    const root = dirname(real);
    const ws = this.add({ id: randomUUID(), kind: 'file', root, onlyPath: name, listeners: new Set() });
    return { workspaceId: ws.id, kind: 'file', root, name, files: [{ path: name, size: s.size, mtimeMs: s.mtimeMs }] };
  }

  close(workspaceId: string): void {
    const ws = this.workspaces.get(workspaceId);
    ws?.watcher?.dispose();
    this.workspaces.delete(workspaceId);
  }

  /** Sends the listing now and on every change; returns the disposer. */
  async watch(workspaceId: string, emit: (files: PipelineFileEntry[]) => void): Promise<() => void> {
    const ws = this.get(workspaceId);
    const files = await this.list(ws);
    emit(files);
    ws.listeners.add(emit);
    if (!ws.watcher) {
      ws.watcher = new FolderWatcher(ws.root, () => this.list(ws), files, (next) => {
        for (const l of ws.listeners) l(next);
      }, this.watchOptions);
      ws.watcher.start();
    }
    return () => {
      ws.listeners.delete(emit);
      if (ws.listeners.size === 0) {
        ws.watcher?.dispose();
        ws.watcher = undefined;
      }
    };
  }

  async read(workspaceId: string, path: string): Promise<{ text: string; size: number; mtimeMs: number }> {
    const ws = this.get(workspaceId);
    const abs = await resolveInside(ws.root, this.allowed(ws, path), false);
    const s = await stat(abs);
    if (s.size > MAX_PIPELINE_FILE_BYTES) {
      throw new RpcError('too-large', `${path} is larger than ${MAX_PIPELINE_FILE_BYTES / 1024 / 1024} MB; open it in another editor.`);
    }
    const bytes = await readFile(abs);
    return { text: bytes.toString('utf8'), size: s.size, mtimeMs: s.mtimeMs };
  }

  async write(
    workspaceId: string,
    path: string,
    text: string,
    guard: { expectedMtimeMs?: number; overwrite?: boolean },
  ): Promise<{ size: number; mtimeMs: number }> {
    const ws = this.get(workspaceId);
    const abs = await resolveInside(ws.root, this.allowed(ws, path), true);
    const current = await stat(abs).catch(() => undefined);
    if (current && guard.expectedMtimeMs === undefined && !guard.overwrite) {
      throw new RpcError('conflict', `${path} already exists. Open it, or choose another name.`);
    }
    if (current && guard.expectedMtimeMs !== undefined && current.mtimeMs !== guard.expectedMtimeMs && !guard.overwrite) {
      throw new RpcError('conflict', `${path} was changed outside the editor. Reload it, or save again to overwrite.`);
    }
    if (!current && guard.expectedMtimeMs !== undefined && !guard.overwrite) {
      throw new RpcError('conflict', `${path} was deleted outside the editor. Save again to create it.`);
    }
    await atomicWrite(abs, text, current ? current.mode & 0o777 : 0o644);
    const s = await stat(abs);
    return { size: s.size, mtimeMs: s.mtimeMs };
  }

  /** Number of open fs.watch handles across workspaces (tests). */
  get openWatches(): number {
    return [...this.workspaces.values()].reduce((n, w) => n + (w.watcher?.openWatches ?? 0), 0);
  }

  dispose(): void {
    for (const ws of this.workspaces.values()) ws.watcher?.dispose();
    this.workspaces.clear();
  }

  private add(ws: Workspace): Workspace {
    if (this.workspaces.size >= MAX_WORKSPACES) {
      // The oldest workspace goes first; the renderer reopens what it still shows.
      const oldest = this.workspaces.keys().next().value as string;
      this.close(oldest);
    }
    this.workspaces.set(ws.id, ws);
    return ws;
  }

  private get(workspaceId: string): Workspace {
    const ws = this.workspaces.get(workspaceId);
    if (!ws) throw new RpcError('not-found', 'This folder is no longer open. Open it again.');
    return ws;
  }

  private allowed(ws: Workspace, path: string): string {
    if (ws.onlyPath !== undefined && path !== ws.onlyPath) {
      throw new RpcError('forbidden', 'Only the opened file is available; open its folder to see the others.');
    }
    return path;
  }

  private async list(ws: Workspace): Promise<PipelineFileEntry[]> {
    if (ws.kind === 'folder') return listPipelineFiles(ws.root);
    const s = await stat(`${ws.root}/${ws.onlyPath!}`).catch(() => undefined);
    return s ? [{ path: ws.onlyPath!, size: s.size, mtimeMs: s.mtimeMs }] : [];
  }

  private async realDir(path: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new RpcError('not-found', `${path} does not exist.`);
    }
    const s = await stat(real);
    if (!s.isDirectory()) throw new RpcError('bad-request', `${path} is not a folder. Open a file with "Open file…".`);
    return real;
  }
}
