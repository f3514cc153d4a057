// v1beta1 → v1 conversion as a diff (Monaco's diff editor) with Apply / Cancel; applying is one undoable edit.
import { useEffect, useRef, type ReactElement } from 'react';
import { setupMonaco } from './monaco-setup';
import { disposeDiffEditor } from './dispose-diff-editor';
import { editorEvents, useConversion } from './editor-store';
import { replaceText } from './editor-bus';

/** Shown over the code editor while a conversion waits for the user. */
export function ConversionDiff(): ReactElement | null {
  const conversion = useConversion();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!conversion || !container.current) return;
    const monaco = setupMonaco();
    const diff = monaco.editor.createDiffEditor(container.current, {
      readOnly: true,
      automaticLayout: true,
      renderSideBySide: false,
      minimap: { enabled: false },
      theme: document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs',
    });
    const original = monaco.editor.createModel(conversion.original, 'yaml');
    const modified = monaco.editor.createModel(conversion.converted, 'yaml');
    diff.setModel({ original, modified });
    return () => {
      disposeDiffEditor(monaco, diff);
      original.dispose();
      modified.dispose();
    };
  }, [conversion]);
  if (!conversion) return null;
  const apply = (): void => {
    replaceText(conversion.path, conversion.converted);
    editorEvents.conversionDismissed();
  };
  return (
    <div className="conversion" role="dialog" aria-label="Convert to tekton.dev/v1">
      <div className="editor-bar">
        <span>
          Convert {conversion.path} to <code>tekton.dev/v1</code> (as Tekton's conversion webhook does). Review the changes, then apply; Undo takes it back.
        </span>
        <button type="button" onClick={apply}>Apply</button>
        <button type="button" onClick={() => editorEvents.conversionDismissed()}>Cancel</button>
      </div>
      {conversion.notes.length > 0 && (
        <ul className="conversion__notes">
          {conversion.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <div className="conversion__diff" ref={container} data-testid="conversion-diff" />
    </div>
  );
}
