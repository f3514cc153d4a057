// "Run now": creates the previewed PipelineRun, with the edited (even unsaved) pipeline embedded, in the
// editor's cluster and namespace, then opens its run page.
import { useState, type ReactElement } from 'react';
import type { ManualRun } from '../../../../src-shared/pipelines/manual-run';
import type { ClusterTarget } from './editor-store';

/** What the form needs from the app (the host call and navigation, injected for tests). */
export interface RunNowProps {
  readonly target: ClusterTarget;
  readonly build: () => ManualRun;
  readonly create: (req: { context: string; namespace: string; pipelineRun: string }) => Promise<{ name: string; namespace: string; context: string }>;
  readonly onCreated: (run: { context: string; namespace: string; name: string }) => void;
}

/** A "Run now" button with what it will do, and the host's answer when it refuses. */
export function RunNowForm({ target, build, create, onCreated }: RunNowProps): ReactElement {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const ready = target.context !== '' && target.namespace !== '';
  const run = (): void => {
    const built = build();
    if (!built.ok) return setError(built.message);
    setBusy(true);
    setError(undefined);
    create({ context: target.context, namespace: target.namespace, pipelineRun: built.yaml })
      .then((created) => onCreated(created))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="run-now">
      <button type="button" disabled={!ready || busy} onClick={run}>Run now</button>{' '}
      <span className="editor-muted">
        {ready ? `Creates this PipelineRun (the pipeline as edited, saved or not) in ${target.namespace} of ${target.context}.` : 'Choose a cluster context and runtime namespace above (Connect) to run it now.'}
      </span>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
