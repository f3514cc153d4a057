// What the editor asks of the host: open a folder or file, follow its changes, open, save and close tabs.
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { RpcError } from '../../../../src-shared/contract/errors';
import type { PipelineFileEntry, PipelineWorkspace } from '../../../../src-shared/contract/pipelines';
import { editorEvents, isDirty, useEditorStore } from './editor-store';

const MAX_PRELOADED_FILES = 100;
const MAX_PRELOADED_BYTES = 1024 * 1024;

let stopWatch: (() => void) | undefined;

/** Opens a folder (a repository checkout) and its first pipeline file. */
export async function openFolder(path: string): Promise<void> {
  attach(await host().pipelines.openFolder({ path }));
}

/** Opens a single YAML file. */
export async function openFile(path: string): Promise<void> {
  attach(await host().pipelines.openFile({ path }));
}

function attach(ws: PipelineWorkspace): void {
  detachWorkspace();
  editorEvents.workspaceOpened(ws);
  stopWatch = host().pipelines.watch({ workspaceId: ws.workspaceId }, { next: ({ files }) => void onFilesListed(ws.workspaceId, files) });
  void preload(ws.workspaceId, ws.files);
  const first = ws.files.find((f) => f.path.startsWith('.pipe/')) ?? ws.files[0];
  if (first) void openTab(first.path).catch((err: unknown) => reportError(`Opening ${first.path}`, err));
}

/** Stops following the current workspace (view closed, another folder opened). */
export function detachWorkspace(): void {
  stopWatch?.();
  stopWatch = undefined;
  const ws = useEditorStore.getState().workspace;
  if (ws) void host().pipelines.closeWorkspace({ workspaceId: ws.workspaceId }).catch(() => undefined);
}

async function preload(workspaceId: string, files: readonly PipelineFileEntry[]): Promise<void> {
  for (const f of files.slice(0, MAX_PRELOADED_FILES)) {
    if (f.size > MAX_PRELOADED_BYTES || currentId() !== workspaceId) continue;
    try {
      const { text } = await host().pipelines.readFile({ workspaceId, path: f.path });
      if (currentId() === workspaceId) editorEvents.contentLoaded(f.path, text);
    } catch {
      // Unreadable or gone: the watch lists again.
    }
  }
}

const currentId = (): string | undefined => useEditorStore.getState().workspace?.workspaceId;

async function onFilesListed(workspaceId: string, files: PipelineFileEntry[]): Promise<void> {
  if (currentId() !== workspaceId) return;
  const before = new Map(useEditorStore.getState().files.map((f) => [f.path, f]));
  editorEvents.filesListed(files);
  const now = new Set(files.map((f) => f.path));
  for (const path of before.keys()) if (!now.has(path)) editorEvents.contentDropped(path);
  for (const f of files) {
    const old = before.get(f.path);
    if (old && old.mtimeMs === f.mtimeMs && old.size === f.size) continue;
    const tab = useEditorStore.getState().tabs.find((t) => t.path === f.path);
    if (tab && tab.mtimeMs === f.mtimeMs) continue;
    if (f.size > MAX_PRELOADED_BYTES && !tab) continue;
    try {
      const { text, mtimeMs } = await host().pipelines.readFile({ workspaceId, path: f.path });
      if (currentId() !== workspaceId) return;
      editorEvents.contentLoaded(f.path, text);
      if (tab) editorEvents.diskChanged(f.path, text, mtimeMs);
    } catch {
      // Removed meanwhile.
    }
  }
}

/** Opens `path` in a tab (or focuses it). */
export async function openTab(path: string): Promise<void> {
  const s = useEditorStore.getState();
  if (s.tabs.some((t) => t.path === path)) return editorEvents.tabActivated(path);
  const ws = s.workspace;
  if (!ws) return;
  const { text, mtimeMs } = await host().pipelines.readFile({ workspaceId: ws.workspaceId, path });
  editorEvents.contentLoaded(path, text);
  editorEvents.tabOpened(path, text, mtimeMs);
}

/** Saves a tab atomically; an outside change since it was read is a conflict unless `overwrite`. Resolves true when saved. */
export async function saveTab(path: string, overwrite = false): Promise<boolean> {
  const s = useEditorStore.getState();
  const tab = s.tabs.find((t) => t.path === path);
  if (!tab || !s.workspace) return false;
  const text = tab.text;
  try {
    const { mtimeMs } = await host().pipelines.writeFile({
      workspaceId: s.workspace.workspaceId,
      path,
      text,
      expectedMtimeMs: tab.mtimeMs,
      ...(overwrite ? { overwrite } : {}),
    });
    editorEvents.tabSaved(path, text, mtimeMs);
    editorEvents.contentLoaded(path, text);
    return true;
  } catch (err) {
    if (err instanceof RpcError && err.code === 'conflict') useEditorStore.setState((st) => ({ tabs: st.tabs.map((t) => (t.path === path ? { ...t, changedOnDisk: true } : t)) }));
    reportError(`Saving ${path}`, err);
    return false;
  }
}

/** Throws away unsaved edits and takes the file from disk. */
export async function reloadFromDisk(path: string): Promise<void> {
  const ws = useEditorStore.getState().workspace;
  if (!ws) return;
  const { text, mtimeMs } = await host().pipelines.readFile({ workspaceId: ws.workspaceId, path });
  editorEvents.reloadedFromDisk(path, text, mtimeMs);
  editorEvents.contentLoaded(path, text);
}

/** Closes a tab; with unsaved edits the guard asks first. */
export function requestCloseTab(path: string): void {
  const tab = useEditorStore.getState().tabs.find((t) => t.path === path);
  if (tab && isDirty(tab)) editorEvents.closeRequested(path);
  else editorEvents.tabClosed(path);
}

/** Writes a new file into the workspace (fails if it exists) and opens it. */
export async function createFile(path: string, text: string): Promise<void> {
  const ws = useEditorStore.getState().workspace;
  if (!ws) throw new Error('Open a folder first.');
  await host().pipelines.writeFile({ workspaceId: ws.workspaceId, path, text });
  editorEvents.contentLoaded(path, text);
  await openTab(path);
}

/** True when any tab has unsaved edits (the window's unload guard). */
export function hasUnsavedChanges(): boolean {
  return useEditorStore.getState().tabs.some(isDirty);
}
