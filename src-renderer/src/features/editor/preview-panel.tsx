// The live preview beside the editor: graph, which events run which pipeline, the PipelineRun, the problems.
import { useMemo, useState, type ReactElement } from 'react';
import { buildPipelineGraph, problemsByNode } from '../../../../src-shared/pipelines/pipeline-graph';
import { commonEvents } from '../../../../src-shared/pipelines/simulated-event';
import { simulateTable } from '../../../../src-shared/pipelines/trigger-simulator';
import { PipelineGraphView } from '../../ui/pipeline-graph';
import { useActivePath, useDiagnostics } from './editor-store';
import { reveal } from './editor-bus';
import { MAX_LIVE_PREVIEW_CHARS, useActivePipelines, useActiveTooLarge, useWorkspacePipelines } from './preview-model';
import { DiagnosticsPanel } from './diagnostics-panel';
import { CellExplanation, SimulatorTableView, type CellRef } from './simulator-table';
import { RunPreviewPanel } from './run-preview-panel';
import { CustomEventForm } from './custom-event-form';
import { DeliveryPicker } from './delivery-picker';
import { host } from '../../bridge/host';
import { useTarget } from './editor-store';
import type { CommonEvent } from '../../../../src-shared/pipelines/simulated-event';

type PreviewTab = 'graph' | 'events' | 'run' | 'problems';
const EVENTS = commonEvents();

/** The preview column. */
export function PreviewPanel(): ReactElement {
  const [tab, setTab] = useState<PreviewTab>('graph');
  const [pipelineIndex, setPipelineIndex] = useState(0);
  const [eventId, setEventId] = useState<string>(EVENTS[0]!.id);
  const path = useActivePath();
  const diagnostics = useDiagnostics(path);
  const pipelines = useActivePipelines();
  const pipeline = pipelines[Math.min(pipelineIndex, pipelines.length - 1)];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const tooLarge = useActiveTooLarge();
  const tabs: [PreviewTab, string][] = [
    ['graph', 'Graph'],
    ['events', 'Events'],
    ['run', 'PipelineRun'],
    ['problems', `Problems${diagnostics.length ? ` (${diagnostics.length})` : ''}`],
  ];
  return (
    <section className="editor-preview" aria-label="Live preview">
      <div className="editor-preview__bar">
        <div role="tablist" aria-label="Preview">
          {tabs.map(([id, title]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className="editor-preview__tab" data-errors={id === 'problems' && errors > 0 ? 'true' : undefined} onClick={() => setTab(id)}>
              {title}
            </button>
          ))}
        </div>
        {pipelines.length > 1 && (tab === 'graph' || tab === 'run') && (
          <select aria-label="Pipeline" value={Math.min(pipelineIndex, pipelines.length - 1)} onChange={(e) => setPipelineIndex(Number(e.target.value))}>
            {pipelines.map((p, i) => (
              <option key={i} value={i}>{p.name || `(document ${p.documentIndex + 1})`}</option>
            ))}
          </select>
        )}
      </div>
      <div className="editor-preview__body" role="tabpanel">
        {tooLarge && tab !== 'problems' && (
          <p className="editor-muted">This file is larger than {MAX_LIVE_PREVIEW_CHARS / 1_000_000} MB: no live preview (the linter still checks it).</p>
        )}
        {tab === 'graph' && <GraphTab path={path} pipeline={pipeline} />}
        {tab === 'events' && <EventsTab />}
        {tab === 'run' && <RunPreviewPanel pipeline={pipeline} events={EVENTS} eventId={eventId} onEventChange={setEventId} />}
        {tab === 'problems' && (
          <DiagnosticsPanel path={path} diagnostics={diagnostics} onSelect={(d) => path && void reveal({ path, line: d.line, column: d.column })} />
        )}
      </div>
    </section>
  );
}

function GraphTab({ path, pipeline }: { path: string | undefined; pipeline: ReturnType<typeof useActivePipelines>[number] | undefined }): ReactElement {
  const diagnostics = useDiagnostics(path);
  const graph = useMemo(() => (pipeline ? buildPipelineGraph(pipeline) : undefined), [pipeline]);
  const problems = useMemo(() => (graph ? problemsByNode(graph, diagnostics) : undefined), [graph, diagnostics]);
  if (!graph || !path) return <p className="editor-muted">No Pipeline in this file.</p>;
  return (
    <div className="editor-graph">
      <PipelineGraphView
        graph={graph}
        {...(problems ? { problems } : {})}
        onNodeActivate={(node) => void reveal({ path, line: node.nameRange.line, column: node.nameRange.column })}
      />
    </div>
  );
}

function EventsTab(): ReactElement {
  const pipelines = useWorkspacePipelines();
  const [changed, setChanged] = useState('');
  const [selected, setSelected] = useState<CellRef | undefined>(undefined);
  const [custom, setCustom] = useState<CommonEvent | undefined>(undefined);
  const [delivered, setDelivered] = useState<CommonEvent | undefined>(undefined);
  const target = useTarget();
  const changedFiles = useMemo(() => {
    const list = changed.split('\n').map((l) => l.trim()).filter(Boolean);
    return list.length ? list : undefined;
  }, [changed]);
  const table = useMemo(
    () => simulateTable(pipelines, { events: [...EVENTS, ...(custom ? [custom] : []), ...(delivered ? [delivered] : [])], ...(changedFiles ? { changedFiles } : {}) }),
    [pipelines, changedFiles, custom, delivered],
  );
  const cell = selected ? table.rows[selected.row]?.cells[selected.column] : undefined;
  return (
    <div className="editor-events">
      <SimulatorTableView table={table} {...(selected ? { selected } : {})} onSelect={setSelected} />
      {cell && selected && (
        <CellExplanation cell={cell} pipeline={table.rows[selected.row]!.pipeline} event={table.columns[selected.column]!.title} />
      )}
      <CustomEventForm onChange={setCustom} />
      <DeliveryPicker initialContext={target.context} load={(context) => host().pipelines.recentDeliveries({ context })} onPick={setDelivered} />
      <label className="editor-events__files">
        Changed files (one per line; decides <code>paths</code> filters)
        <textarea rows={3} value={changed} onChange={(e) => setChanged(e.target.value)} placeholder="src/app.ts" />
      </label>
    </div>
  );
}
