// The Monaco editor of the editor view (its own lazy chunk): one model per tab, lint markers, quick fixes, Ctrl/Cmd+S.
import { useEffect, useRef, type ReactElement } from 'react';
import type * as Monaco from 'monaco-editor';
import LintWorker from './lint.worker?worker';
import { forgetModel, setDiagnostics, setupMonaco } from './monaco-setup';
import { editorEvents, useEditorStore, type EditorTab } from './editor-store';
import { LintClient } from './lint-client';
import { registerCodeEditor } from './editor-bus';
import { saveTab } from './workspace-actions';

const EDIT_DEBOUNCE_MS = 150;

interface ModelEntry {
  readonly model: Monaco.editor.ITextModel;
  diskRevision: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly sub: Monaco.IDisposable;
}

const monacoTheme = (): string => (document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs');

/** Monaco bound to the editor store. */
export function CodeEditor(): ReactElement {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const monaco = setupMonaco();
    const editor = monaco.editor.create(container.current!, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      theme: monacoTheme(),
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
    });
    const themeObserver = new MutationObserver(() => monaco.editor.setTheme(monacoTheme()));
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const lint = new LintClient(new LintWorker() as never, (path, diagnostics) => editorEvents.linted(path, diagnostics));
    const models = new Map<string, ModelEntry>();
    const uriOf = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/workspace/${path}` });

    const flushOne = (path: string, entry: ModelEntry): void => {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      editorEvents.textEdited(path, entry.model.getValue());
    };

    const sync = (tabs: readonly EditorTab[], activePath: string | undefined): void => {
      for (const tab of tabs) {
        let entry = models.get(tab.path);
        if (!entry) {
          const model = monaco.editor.createModel(tab.text, 'yaml', uriOf(tab.path));
          const created: ModelEntry = {
            model,
            diskRevision: tab.diskRevision,
            timer: undefined,
            sub: model.onDidChangeContent(() => {
              lint.request(tab.path, model.getValue());
              if (created.timer) clearTimeout(created.timer);
              created.timer = setTimeout(() => flushOne(tab.path, created), EDIT_DEBOUNCE_MS);
            }),
          };
          entry = created;
          models.set(tab.path, entry);
          lint.request(tab.path, tab.text, true);
        } else if (entry.diskRevision !== tab.diskRevision) {
          entry.diskRevision = tab.diskRevision;
          // An undoable replacement, so a reload from disk can be taken back.
          entry.model.pushEditOperations([], [{ range: entry.model.getFullModelRange(), text: tab.text }], () => null);
        }
      }
      for (const [path, entry] of models) {
        if (tabs.some((t) => t.path === path)) continue;
        if (entry.timer) clearTimeout(entry.timer);
        entry.sub.dispose();
        forgetModel(entry.model);
        entry.model.dispose();
        models.delete(path);
      }
      const active = activePath ? models.get(activePath)?.model : undefined;
      if (editor.getModel() !== (active ?? null)) editor.setModel(active ?? null);
    };

    const applyMarkers = (): void => {
      const { diagnostics } = useEditorStore.getState();
      for (const [path, entry] of models) setDiagnostics(entry.model, diagnostics[path] ?? []);
    };

    const s0 = useEditorStore.getState();
    sync(s0.tabs, s0.activePath);
    applyMarkers();
    const applySchema = (state: ReturnType<typeof useEditorStore.getState>['clusterSchema']): void => {
      lint.setClusterSchema(state?.state === 'loaded' ? state.schema : undefined);
      for (const [path, entry] of models) lint.request(path, entry.model.getValue(), true);
    };
    if (s0.clusterSchema?.state === 'loaded') applySchema(s0.clusterSchema);
    const unsubscribe = useEditorStore.subscribe((s, prev) => {
      if (s.clusterSchema !== prev.clusterSchema) applySchema(s.clusterSchema);
      if (s.tabs !== prev.tabs || s.activePath !== prev.activePath) sync(s.tabs, s.activePath);
      if (s.diagnostics !== prev.diagnostics || s.tabs !== prev.tabs) applyMarkers();
    });

    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      const path = useEditorStore.getState().activePath;
      const entry = path ? models.get(path) : undefined;
      if (!path || !entry) return;
      flushOne(path, entry);
      void saveTab(path);
    });

    const unregister = registerCodeEditor({
      reveal: ({ path, line, column }) => {
        if (useEditorStore.getState().activePath !== path) editorEvents.tabActivated(path);
        sync(useEditorStore.getState().tabs, path);
        editor.setPosition({ lineNumber: line, column });
        editor.revealLineInCenter(line);
        editor.focus();
      },
      flush: () => {
        for (const [path, entry] of models) if (entry.timer) flushOne(path, entry);
      },
      replaceText: (path, text) => {
        const entry = models.get(path);
        if (!entry) return;
        entry.model.pushEditOperations([], [{ range: entry.model.getFullModelRange(), text }], () => null);
        flushOne(path, entry);
      },
    });

    return () => {
      unregister();
      unsubscribe();
      themeObserver.disconnect();
      lint.dispose();
      for (const entry of models.values()) {
        if (entry.timer) clearTimeout(entry.timer);
        entry.sub.dispose();
        forgetModel(entry.model);
        entry.model.dispose();
      }
      editor.dispose();
    };
  }, []);

  return <div className="editor-code" ref={container} data-testid="code-editor" />;
}
