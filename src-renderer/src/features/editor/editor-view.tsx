// The pipeline editor: files of the opened folder, tabs with Monaco (lazy), and the live preview beside it.
import { Suspense, useEffect, useMemo, type ReactElement } from 'react';
import type { MainViewProps } from '../../shell/view-registry';
import { lazyView } from '../../shell/lazy-view';
import { EmptyState } from '../../ui/empty-state';
import { editorEvents, isDirty, useEditorStore, useActivePath, useActiveTab, useConversion, useFiles, useTabs, useTarget, useWorkspace } from './editor-store';
import { convertToV1 } from '../../../../src-shared/tekton/convert';
import { flushEdits } from './editor-bus';
import { FileTree } from './file-tree';
import { CloseGuard, DiskChangeBar, EditorTabs } from './editor-tabs';
import { OpenWorkspaceForm } from './open-workspace-form';
import { PreviewPanel } from './preview-panel';
import { hasUnsavedChanges, openFolder, openTab, saveTab } from './workspace-actions';
import { reportError } from '../../bridge/report-error';
import { host } from '../../bridge/host';
import { ApplyPanel } from './apply-panel';
import { ClusterTargetBar } from './cluster-target';
import './editor.css';

const CodeEditor = lazyView(() => import('./code-editor').then((m) => m.CodeEditor));
const ConversionDiff = lazyView(() => import('./conversion-diff').then((m) => m.ConversionDiff));
const ScaffoldPanel = lazyView(() => import('./scaffold-panel').then((m) => m.ScaffoldPanel));

/** The editor main view; `params.folder` opens a folder (deep links, commands). */
export function EditorView({ params }: MainViewProps): ReactElement {
  const workspace = useWorkspace();
  const files = useFiles();
  const tabs = useTabs();
  const activePath = useActivePath();
  const active = useActiveTab();
  const dirty = useMemo(() => new Set(tabs.filter(isDirty).map((t) => t.path)), [tabs]);
  const folder = params['folder'];
  const conversion = useConversion();
  const target = useTarget();
  const isV1beta1 = !!active && active.text.includes('tekton.dev/v1beta1');

  useEffect(() => {
    if (folder) void openFolder(folder).catch((err: unknown) => reportError(`Opening ${folder}`, err));
  }, [folder]);

  useEffect(() => {
    const guard = (e: BeforeUnloadEvent): void => {
      if (hasUnsavedChanges()) e.preventDefault();
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, []);

  if (!workspace) {
    return (
      <div className="editor-view editor-view--empty">
        <EmptyState icon="pipeline" title="Open a repository to edit its pipelines">
          <p>PIPE pipelines live in <code>.pipe/</code> (and Tekton resources in <code>.tekton/</code>) of a repository checkout.</p>
          <OpenWorkspaceForm />
        </EmptyState>
      </div>
    );
  }
  const save = (): void => {
    if (!activePath) return;
    flushEdits();
    void saveTab(activePath);
  };
  return (
    <div className="editor-view" data-workspace={workspace.root}>
      <aside className="editor-files">
        <div className="editor-files__head" title={workspace.root}>{workspace.name}</div>
        <FileTree files={files} activePath={activePath} dirty={dirty} onOpen={(p) => void openTab(p).catch((err: unknown) => reportError(`Opening ${p}`, err))} />
        {workspace.kind === 'folder' && (
          <Suspense fallback={null}>
            <ScaffoldPanel />
          </Suspense>
        )}
        <details className="editor-files__open">
          <summary>Open another folder or file</summary>
          <OpenWorkspaceForm compact />
        </details>
      </aside>
      <div className="editor-main">
        <div className="editor-main__bar">
          <EditorTabs />
          <button type="button" className="editor-save" disabled={!active || !isDirty(active)} onClick={save} title="Save (Ctrl/Cmd+S)">
            Save
          </button>
        </div>
        <ClusterTargetBar />
        {active && (
          <ApplyPanel
            target={target}
            changeTarget={editorEvents.targetPickRequested}
            getText={() => {
              flushEdits();
              return useEditorStore.getState().tabs.find((t) => t.path === active.path)?.text ?? '';
            }}
            apply={(req) => host().pipelines.apply(req)}
          />
        )}
        {isV1beta1 && !conversion && (
          <div className="editor-bar">
            <span>This file uses the deprecated <code>tekton.dev/v1beta1</code>.</span>
            <button type="button" onClick={() => proposeConversion(active.path)}>Convert to v1…</button>
          </div>
        )}
        <CloseGuard />
        <DiskChangeBar />
        {tabs.length === 0 ? (
          <p className="editor-muted editor-main__empty">Open a file from the list.</p>
        ) : (
          <Suspense fallback={<p className="editor-muted editor-main__empty">Loading the editor…</p>}>
            <div className="editor-code-area">
              <CodeEditor />
              {conversion && <ConversionDiff />}
            </div>
          </Suspense>
        )}
      </div>
      <PreviewPanel />
    </div>
  );
}

function proposeConversion(path: string): void {
  flushEdits();
  const text = useEditorStore.getState().tabs.find((t) => t.path === path)?.text ?? '';
  const result = convertToV1(text);
  if (result.converted === 0) return reportError(`Converting ${path}`, new Error('Nothing to convert: no v1beta1 Task, Pipeline, PipelineRun or TaskRun could be read (fix YAML errors first).'));
  editorEvents.conversionProposed({ path, original: text, converted: result.text, notes: result.notes });
}
