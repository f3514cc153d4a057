// A dry run's diff for one document in Monaco's read-only diff editor: the live object left, after apply right.
import { useEffect, useRef, type ReactElement } from 'react';
import { setupMonaco } from './monaco-setup';
import { disposeDiffEditor } from './dispose-diff-editor';

/** `live` is '' for a create (an empty left side). The editor and both models are disposed on unmount. */
export function ApplyDiffView(props: { readonly live: string; readonly after: string }): ReactElement {
  const { live, after } = props;
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    const monaco = setupMonaco();
    const diff = monaco.editor.createDiffEditor(container.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      // As `kubectl diff`: the changes with a few lines of context; the rest folds away (and can be expanded).
      hideUnchangedRegions: { enabled: true },
      minimap: { enabled: false },
      originalAriaLabel: 'Live object',
      modifiedAriaLabel: 'After apply',
      theme: document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs',
    });
    const original = monaco.editor.createModel(live, 'yaml');
    const modified = monaco.editor.createModel(after, 'yaml');
    diff.setModel({ original, modified });
    return () => {
      disposeDiffEditor(monaco, diff);
      original.dispose();
      modified.dispose();
    };
  }, [live, after]);
  return <div className="editor-apply__diff" style={{ height: 320 }} ref={container} data-testid="apply-diff" />;
}
