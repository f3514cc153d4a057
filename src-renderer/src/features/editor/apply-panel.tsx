// "Apply…": server-side apply of the active file to a cluster namespace (dry run first), results per document.
import { useState, type ReactElement } from 'react';
import type { ApplyDocumentResult } from '../../../../src-shared/contract/pipelines';

export interface ApplyRequest {
  readonly context: string;
  readonly namespace: string;
  readonly text: string;
  readonly dryRun: boolean;
}

/** A collapsible form under the editor toolbar; `apply` is `host().pipelines.apply` in the app. */
export function ApplyPanel(props: {
  readonly getText: () => string;
  readonly apply: (req: ApplyRequest) => Promise<{ documents: ApplyDocumentResult[] }>;
}): ReactElement {
  const [context, setContext] = useState('');
  const [namespace, setNamespace] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ dryRun: boolean; documents: ApplyDocumentResult[] } | { error: string } | undefined>();
  const run = (dryRun: boolean): void => {
    setBusy(true);
    props
      .apply({ context: context.trim(), namespace: namespace.trim(), text: props.getText(), dryRun })
      .then((r) => setOutcome({ dryRun, documents: r.documents }))
      .catch((err: unknown) => setOutcome({ error: err instanceof Error ? err.message : String(err) }))
      .finally(() => setBusy(false));
  };
  const ready = !busy && context.trim() !== '' && namespace.trim() !== '';
  return (
    <details className="editor-apply">
      <summary>Apply…</summary>
      <label>
        Context <input value={context} onChange={(e) => setContext(e.target.value)} />
      </label>
      <label>
        Namespace <input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
      </label>
      <button type="button" disabled={!ready} onClick={() => run(true)}>Dry run</button>
      <button type="button" disabled={!ready} onClick={() => run(false)}>Apply</button>
      {outcome && 'error' in outcome && <p role="alert">{outcome.error}</p>}
      {outcome && 'documents' in outcome && (
        <ul aria-label={outcome.dryRun ? 'Dry run results' : 'Apply results'}>
          {outcome.documents.map((d) => (
            <li key={`${d.line}-${d.kind}-${d.name}`} data-result={d.result}>
              {d.kind} {d.name} (line {d.line}): {outcome.dryRun && d.result !== 'error' ? `would be ${d.result}` : d.result}
              {d.message && <pre>{d.message}</pre>}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
