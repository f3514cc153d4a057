// Editor state: the opened workspace, its files, the tabs (text as typed and as saved), lint results per file.
import { create } from 'zustand';
import type { PipelineFileEntry, PipelineWorkspace } from '../../../../src-shared/contract/pipelines';
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';

/** One open file. */
export interface EditorTab {
  readonly path: string;
  /** The text in the editor (updated as the user types, debounced). */
  readonly text: string;
  /** The text on disk as of the last read or save. */
  readonly savedText: string;
  /** mtime of the file when read or saved; the save guard compares it. */
  readonly mtimeMs: number;
  /** The file changed on disk while this tab had unsaved edits. */
  readonly changedOnDisk: boolean;
  /** Bumped when the text was replaced from disk (the code editor then replaces its model's text). */
  readonly diskRevision: number;
}

/** The editor's state; read it through the selector hooks below. */
export interface EditorState {
  readonly workspace: PipelineWorkspace | undefined;
  readonly files: readonly PipelineFileEntry[];
  /** Text of files not open in a tab (the simulator looks at every pipeline of the folder). */
  readonly contents: Readonly<Record<string, string>>;
  readonly tabs: readonly EditorTab[];
  readonly activePath: string | undefined;
  readonly diagnostics: Readonly<Record<string, readonly TektonDiagnostic[]>>;
  /** A tab the user asked to close with unsaved changes (the guard asks what to do). */
  readonly closing: string | undefined;
  /** A v1beta1 → v1 conversion shown as a diff before it is applied. */
  readonly conversion: ProposedConversion | undefined;
  /** The cluster the editor validates against and runs in (context + runtime namespace the user picked). */
  readonly target: ClusterTarget;
  /** The Tekton schema of `target.context` once read (live validation), or why it could not be read. */
  readonly clusterSchema: ClusterSchemaState | undefined;
  /** Bumped when another panel (Apply) asks for the Cluster bar's picker; the bar focuses its context field. */
  readonly targetPickRequests: number;
}

/** Where "Apply" and "Run now" go and whose Tekton schema validates the files. */
export interface ClusterTarget {
  readonly context: string;
  readonly namespace: string;
}

/** The live schema: loading, loaded, or failed (with the host's message). */
export type ClusterSchemaState =
  | { readonly context: string; readonly state: 'loading' }
  | { readonly context: string; readonly state: 'loaded'; readonly schema: ClusterSchema }
  | { readonly context: string; readonly state: 'failed'; readonly message: string };

/** The converted text of a file, waiting for the user to apply it. */
export interface ProposedConversion {
  readonly path: string;
  readonly original: string;
  readonly converted: string;
  readonly notes: readonly string[];
}

const initial: EditorState = {
  workspace: undefined,
  files: [],
  contents: {},
  tabs: [],
  activePath: undefined,
  diagnostics: {},
  closing: undefined,
  conversion: undefined,
  target: { context: '', namespace: '' },
  clusterSchema: undefined,
  targetPickRequests: 0,
};

/** The editor store (one per window). */
export const useEditorStore = create<EditorState>()(() => initial);

const set = (patch: Partial<EditorState> | ((s: EditorState) => Partial<EditorState>)): void => useEditorStore.setState(patch);
const mapTab = (path: string, fn: (t: EditorTab) => EditorTab) => (s: EditorState) => ({ tabs: s.tabs.map((t) => (t.path === path ? fn(t) : t)) });

/** Named state transitions (what happened). */
export const editorEvents = {
  workspaceOpened: (workspace: PipelineWorkspace): void =>
    set((s) => ({ ...initial, workspace, files: workspace.files, target: s.target, clusterSchema: s.clusterSchema, targetPickRequests: s.targetPickRequests })),
  targetChanged: (target: ClusterTarget): void => set((s) => ({ target, clusterSchema: s.clusterSchema?.context === target.context ? s.clusterSchema : undefined })),
  /** Someone asked to change the target: the Cluster bar (the one place it is picked) takes the focus. */
  targetPickRequested: (): void => set((s) => ({ targetPickRequests: s.targetPickRequests + 1 })),
  clusterSchemaChanged: (clusterSchema: ClusterSchemaState | undefined): void =>
    set((s) => (clusterSchema && clusterSchema.context !== s.target.context ? {} : { clusterSchema })),
  filesListed: (files: readonly PipelineFileEntry[]): void => set({ files }),
  contentLoaded: (path: string, text: string): void => set((s) => ({ contents: { ...s.contents, [path]: text } })),
  contentDropped: (path: string): void =>
    set((s) => {
      const contents = { ...s.contents };
      delete contents[path];
      return { contents };
    }),
  tabOpened: (path: string, text: string, mtimeMs: number): void =>
    set((s) => ({
      tabs: s.tabs.some((t) => t.path === path) ? s.tabs : [...s.tabs, { path, text, savedText: text, mtimeMs, changedOnDisk: false, diskRevision: 0 }],
      activePath: path,
    })),
  tabActivated: (path: string): void => set({ activePath: path }),
  textEdited: (path: string, text: string): void => set(mapTab(path, (t) => ({ ...t, text }))),
  tabSaved: (path: string, text: string, mtimeMs: number): void =>
    set(mapTab(path, (t) => ({ ...t, savedText: text, mtimeMs, changedOnDisk: false }))),
  /** The file changed on disk: a clean tab takes the new text, a dirty one is flagged. */
  diskChanged: (path: string, text: string, mtimeMs: number): void =>
    set(mapTab(path, (t) => (t.text === t.savedText ? { ...t, text, savedText: text, mtimeMs, changedOnDisk: false, diskRevision: t.diskRevision + 1 } : { ...t, changedOnDisk: true }))),
  /** The user chose the disk version over the unsaved edits. */
  reloadedFromDisk: (path: string, text: string, mtimeMs: number): void =>
    set(mapTab(path, (t) => ({ ...t, text, savedText: text, mtimeMs, changedOnDisk: false, diskRevision: t.diskRevision + 1 }))),
  closeRequested: (path: string): void => set({ closing: path }),
  closeCancelled: (): void => set({ closing: undefined }),
  tabClosed: (path: string): void =>
    set((s) => {
      const i = s.tabs.findIndex((t) => t.path === path);
      const tabs = s.tabs.filter((t) => t.path !== path);
      const activePath = s.activePath === path ? (tabs[Math.min(i, tabs.length - 1)]?.path ?? undefined) : s.activePath;
      return { tabs, activePath, closing: undefined };
    }),
  conversionProposed: (conversion: ProposedConversion): void => set({ conversion }),
  conversionDismissed: (): void => set({ conversion: undefined }),
  linted: (path: string, diagnostics: readonly TektonDiagnostic[]): void =>
    set((s) => ({ diagnostics: { ...s.diagnostics, [path]: diagnostics } })),
  reset: (): void => useEditorStore.setState(initial, true),
};

/** True when the tab has unsaved edits. */
export const isDirty = (t: EditorTab): boolean => t.text !== t.savedText;

export const useWorkspace = (): PipelineWorkspace | undefined => useEditorStore((s) => s.workspace);
export const useFiles = (): readonly PipelineFileEntry[] => useEditorStore((s) => s.files);
export const useTabs = (): readonly EditorTab[] => useEditorStore((s) => s.tabs);
export const useActivePath = (): string | undefined => useEditorStore((s) => s.activePath);
export const useActiveTab = (): EditorTab | undefined => useEditorStore((s) => s.tabs.find((t) => t.path === s.activePath));
export const useClosing = (): string | undefined => useEditorStore((s) => s.closing);
export const useConversion = (): ProposedConversion | undefined => useEditorStore((s) => s.conversion);
export const useContents = (): Readonly<Record<string, string>> => useEditorStore((s) => s.contents);
const NONE: readonly TektonDiagnostic[] = [];
export const useDiagnostics = (path: string | undefined): readonly TektonDiagnostic[] =>
  useEditorStore((s) => (path ? (s.diagnostics[path] ?? NONE) : NONE));
export const useTarget = (): ClusterTarget => useEditorStore((s) => s.target);
export const useTargetPickRequests = (): number => useEditorStore((s) => s.targetPickRequests);
export const useClusterSchema = (): ClusterSchemaState | undefined => useEditorStore((s) => s.clusterSchema);
