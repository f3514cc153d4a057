// "Apply…": server-side apply of the active file to the editor's target (the Cluster bar's context and runtime
// namespace; dry run first), results per document; after a dry run, "Show diff" opens a document's diff against
// the live object (Monaco, loaded on first use).
import { Suspense, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { ApplyDocumentResult } from '../../../../src-shared/contract/pipelines';
import { MAX_APPLY_DIFF_CHARS } from '../../../../src-shared/pipelines/apply-limits';
import { lazyView } from '../../shell/lazy-view';
import type { ClusterTarget } from './editor-store';

const ApplyDiffView = lazyView(() => import('./apply-diff-view').then((m) => m.ApplyDiffView));

const docKey = (d: ApplyDocumentResult): string => `${d.line}-${d.kind}-${d.name}`;

type Outcome = { readonly dryRun: boolean; readonly documents: ApplyDocumentResult[] } | { readonly error: string };

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
  const diffId = useId();
  const [busy, setBusy] = useState(false);
  const [shownDiff, setShownDiff] = useState<string | undefined>();
  const toggles = useRef(new Map<string, HTMLButtonElement>());
  const [last, setLast] = useState<{ readonly target: string; readonly outcome: Outcome } | undefined>();
  // Results belong to the target they were made for: once the target changes (or while it is changing) they go.
  const targetKey = JSON.stringify([context, namespace]);
  const outcome = last?.target === targetKey ? last.outcome : undefined;
  const run = (dryRun: boolean): void => {
    setBusy(true);
    const record = (o: Outcome): void => setLast({ target: targetKey, outcome: o });
    props
      .apply({ context, namespace, text: props.getText(), dryRun })
      .then((r) => {
        setShownDiff(undefined);
        record({ dryRun, documents: r.documents });
      })
      .catch((err: unknown) => record({ error: err instanceof Error ? err.message : String(err) }))
      .finally(() => setBusy(false));
  };
  const ready = !busy && chosen;
  const shown = outcome && 'documents' in outcome && outcome.dryRun ? outcome.documents.find((d) => d.diff && docKey(d) === shownDiff) : undefined;
  const closeDiff = (): void => {
    const key = shownDiff;
    setShownDiff(undefined);
    if (key !== undefined) toggles.current.get(key)?.focus();
  };
  const onDiffKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    closeDiff();
  };
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
          {outcome.documents.map((d) => {
            const key = docKey(d);
            const open = shown !== undefined && key === shownDiff;
            const label = open ? 'Hide diff' : 'Show diff';
            return (
              <li key={key} data-result={d.result}>
                {d.kind} {d.name} (line {d.line}): {outcome.dryRun && d.result !== 'error' ? `would be ${d.result}` : d.result}
                {outcome.dryRun && d.diff && (
                  <>
                    {' '}
                    <button
                      type="button"
                      ref={(el) => {
                        if (el) toggles.current.set(key, el);
                        else toggles.current.delete(key);
                      }}
                      aria-label={`${label} of ${d.kind} ${d.name}`}
                      aria-expanded={open}
                      aria-controls={open ? diffId : undefined}
                      onClick={() => setShownDiff(open ? undefined : key)}
                    >
                      {label}
                    </button>
                  </>
                )}
                {d.message && <pre>{d.message}</pre>}
              </li>
            );
          })}
        </ul>
      )}
      {shown?.diff && (
        <section id={diffId} aria-label={`Diff of ${shown.kind} ${shown.name}`} onKeyDown={onDiffKey}>
          <p className="editor-muted">
            {shown.diff.live === undefined ? 'Not in the cluster yet: the left side is empty.' : 'Left: the live object. Right: after apply.'}{' '}
            Bookkeeping fields (managedFields, resourceVersion, status, …) are left out.
            {shown.diff.truncated && ` Cut at ${MAX_APPLY_DIFF_CHARS / 1024}K characters per side: the end of the object is not shown.`}{' '}
            <button type="button" onClick={closeDiff}>Close diff</button>
          </p>
          <Suspense fallback={<p className="editor-muted">Loading the diff…</p>}>
            <ApplyDiffView live={shown.diff.live ?? ''} after={shown.diff.after} />
          </Suspense>
        </section>
      )}
    </details>
  );
}
