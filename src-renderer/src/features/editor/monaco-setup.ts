// Loads Monaco once: local workers (no CDN), monaco-yaml with the generated Tekton schema, quick fixes as code actions.
import * as monaco from 'monaco-editor';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import YamlWorker from './yaml.worker?worker';
import tektonSchema from '../../../../src-shared/tekton/schema/tekton.schema.json';
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';
import { annotationCompletion } from '../../../../src-shared/pipelines/annotation-completion';

/** The marker owner of the linter's diagnostics. */
export const MARKER_OWNER = 'tekton';

let ready = false;
/** Quick fixes of the current diagnostics, per model URI. */
const fixesByModel = new Map<string, readonly TektonDiagnostic[]>();

/** Sets up workers, YAML language support and the code action provider (idempotent). */
export function setupMonaco(): typeof monaco {
  if (ready) return monaco;
  ready = true;
  (self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_id, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
  };
  // Validation comes from our linter (it reports schema problems too); monaco-yaml gives completion and hover.
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: false,
    completion: true,
    hover: true,
    schemas: [{ uri: 'https://pipe-desktop.invalid/schemas/tekton.schema.json', fileMatch: ['**/*.yaml', '**/*.yml'], schema: tektonSchema as never }],
  });
  // Event names, keys and activity types inside the `pipe.linecorp.com/event` block string.
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', '[', ','],
    provideCompletionItems: (model, position) => {
      const found = annotationCompletion(model.getLinesContent(), position.lineNumber - 1, position.column);
      if (!found) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const detail = found.kind === 'event' ? 'GitHub event (PIPE trigger)' : found.kind === 'key' ? `filter of \`${found.event}\`` : `activity type of \`${found.event}\``;
      return {
        suggestions: found.items.map((item, i) => ({
          label: item,
          kind: found.kind === 'type' ? monaco.languages.CompletionItemKind.EnumMember : monaco.languages.CompletionItemKind.Property,
          insertText: found.kind === 'type' ? item : `${item}:`,
          detail,
          sortText: String(i).padStart(3, '0'),
          range,
        })),
      };
    },
  });
  monaco.languages.registerCodeActionProvider('yaml', {
    provideCodeActions: (model, range) => {
      const diagnostics = fixesByModel.get(model.uri.toString()) ?? [];
      const actions: monaco.languages.CodeAction[] = [];
      for (const d of diagnostics) {
        if (!d.fixes?.length) continue;
        if (d.endLine < range.startLineNumber || d.line > range.endLineNumber) continue;
        for (const fix of d.fixes) {
          actions.push({
            title: fix.title,
            kind: 'quickfix',
            isPreferred: d.fixes.length === 1,
            diagnostics: [toMarker(d)],
            edit: {
              edits: fix.edits.map((e) => ({
                resource: model.uri,
                versionId: undefined,
                textEdit: { range: new monaco.Range(e.line, e.column, e.endLine, e.endColumn), text: e.newText },
              })),
            },
          });
        }
      }
      return { actions, dispose: () => undefined };
    },
  });
  return monaco;
}

/** Shows `diagnostics` as markers on `model` and remembers their fixes for code actions. */
export function setDiagnostics(model: monaco.editor.ITextModel, diagnostics: readonly TektonDiagnostic[]): void {
  fixesByModel.set(model.uri.toString(), diagnostics);
  monaco.editor.setModelMarkers(model, MARKER_OWNER, diagnostics.map(toMarker));
}

/** Forgets a model's fixes (model disposed). */
export function forgetModel(model: monaco.editor.ITextModel): void {
  fixesByModel.delete(model.uri.toString());
}

function toMarker(d: TektonDiagnostic): monaco.editor.IMarkerData {
  return {
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    code: d.code,
    source: 'tekton',
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    endColumn: d.endColumn,
  };
}
