// Disposes a Monaco diff editor without breaking the widgets other editors create later (the find widget).
import type * as Monaco from 'monaco-editor';

/**
 * Disposes `diff`, then re-arms Monaco's global hover-delegate factory. Every standalone editor sets that one
 * factory bound to its own instantiation service; a diff editor's inner editors bind it to the diff's, which is
 * disposed with the diff. Widgets built afterwards (the main editor's find widget on its first Ctrl+F) then throw
 * "InstantiationService has been disposed" and the key goes to the text (microsoft/monaco-editor#4612). A throwaway
 * editor (no model, no options: nothing else changes) binds the factory to the global services again.
 */
export function disposeDiffEditor(monaco: typeof Monaco, diff: Monaco.editor.IStandaloneDiffEditor): void {
  diff.dispose();
  monaco.editor.create(document.createElement('div'), { model: null }).dispose();
}
