// The PipelineRun an event would create from the selected pipeline, with param sources or the template error.
import { useMemo, type ReactElement } from 'react';
import type { PipelineSource } from '../../../../src-shared/pipelines/pipeline-source';
import { previewPipelineRun } from '../../../../src-shared/pipelines/run-preview';
import { buildSimulatedEvent, type CommonEvent } from '../../../../src-shared/pipelines/simulated-event';
import { manualPipelineRun } from '../../../../src-shared/pipelines/manual-run';
import { host } from '../../bridge/host';
import { openView } from '../../shell/navigation';
import { useTarget } from './editor-store';
import { RunNowForm } from './run-now-form';

/** Props of RunPreviewPanel. */
export interface RunPreviewPanelProps {
  readonly pipeline: PipelineSource | undefined;
  readonly events: readonly CommonEvent[];
  readonly eventId: string;
  readonly onEventChange: (id: string) => void;
}

/** Event picker, param table and the PipelineRun YAML. */
export function RunPreviewPanel({ pipeline, events, eventId, onEventChange }: RunPreviewPanelProps): ReactElement {
  const event = events.find((e) => e.id === eventId) ?? events[0]!;
  const preview = useMemo(() => (pipeline ? previewPipelineRun(pipeline, buildSimulatedEvent(event.input)) : undefined), [pipeline, event]);
  const target = useTarget();
  if (!pipeline || !preview) return <p className="editor-muted">Open a file with a Pipeline to preview its PipelineRun.</p>;
  return (
    <div className="run-preview">
      <label className="run-preview__pick">
        Event{' '}
        <select value={event.id} onChange={(e) => onEventChange(e.target.value)}>
          {events.map((e) => (
            <option key={e.id} value={e.id}>{e.title}</option>
          ))}
        </select>
      </label>
      {preview.params.length > 0 && (
        <table className="run-preview__params" aria-label="Params of the run">
          <thead>
            <tr><th scope="col">Param</th><th scope="col">Value</th><th scope="col">From</th></tr>
          </thead>
          <tbody>
            {preview.params.map((p) => (
              <tr key={p.name} data-source={p.source}>
                <th scope="row">{p.name}</th>
                <td><code>{p.value ?? ''}</code></td>
                <td>{p.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.ok && (
        <RunNowForm
          target={target}
          build={() => manualPipelineRun(pipeline, buildSimulatedEvent(event.input))}
          create={(req) => host().pipelines.runNow(req)}
          onCreated={(run) => openView('run', { params: { cluster: run.context, namespace: run.namespace, name: run.name } })}
        />
      )}
      {preview.ok ? (
        <pre className="run-preview__yaml" aria-label="PipelineRun YAML">{preview.yaml}</pre>
      ) : (
        <div className="run-preview__error" role="alert">
          <strong>No PipelineRun ({preview.code}):</strong> {preview.message}
        </div>
      )}
    </div>
  );
}
