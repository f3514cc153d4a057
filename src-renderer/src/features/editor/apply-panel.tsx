// "Apply…": server-side apply of the active file to the editor's target (the Cluster bar's context and runtime
// namespace; dry run first), results per document.
import { useId, useState, type ReactElement } from 'react';
import type { ApplyDocumentResult } from '../../../../src-shared/contract/pipelines';
import type { ClusterTarget } from './editor-store';

export interface ApplyRequest {
  readonly context: string;
  readonly namespace: string;
  readonly text: string;
  readonly dryRun: boolean;
}

/**
 * A collapsible form under the Cluster bar; `target` is the bar's (the editor store's) target, shown read-only,
 * `changeTarget` sends the user to the bar; `apply` is `host().pipelines.apply` in the app.
 */
export function ApplyPanel(props: {
  readonly target: ClusterTarget;
  readonly changeTarget: () => void;
  readonly getText: () => string;
  readonly apply: (req: ApplyRequest) => Promise<{ documents: ApplyDocumentResult[] }>;
}): ReactElement {
  const { context, namespace } = props.target;
  const chosen = context !== '' && namespace !== '';
  const reasonId = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ dryRun: boolean; documents: ApplyDocumentResult[] } | { error: string } | undefined>();
  const run = (dryRun: boolean): void => {
    setBusy(true);
    props
      .apply({ context, namespace, text: props.getText(), dryRun })
      .then((r) => setOutcome({ dryRun, documents: r.documents }))
      .catch((err: unknown) => setOutcome({ error: err instanceof Error ? err.message : String(err) }))
      .finally(() => setBusy(false));
  };
  const ready = !busy && chosen;
  return (
    <details className="editor-apply">
      <summary>Apply…</summary>
      <p className="editor-apply__target">
        {chosen ? (
          <>
            Target: <output aria-label="Apply target">{context} · {namespace}</output>
          </>
        ) : (
          <span className="editor-muted" id={reasonId}>No cluster chosen: pick a cluster context and runtime namespace in the Cluster bar above (Connect) to apply.</span>
        )}{' '}
        <button type="button" onClick={props.changeTarget}>{chosen ? 'Change…' : 'Choose a cluster…'}</button>
      </p>
      <button type="button" disabled={!ready} aria-describedby={chosen ? undefined : reasonId} onClick={() => run(true)}>Dry run</button>
      <button type="button" disabled={!ready} aria-describedby={chosen ? undefined : reasonId} onClick={() => run(false)}>Apply</button>
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
