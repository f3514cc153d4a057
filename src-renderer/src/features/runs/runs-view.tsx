// All PipelineRuns of the runtime clusters (each in its working namespace), newest first, live (the shared
// informers behind the clusters feature), filtered by repository, pipeline, event, status and trigger.
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { RunRow } from '../../../../src-shared/contract/clusters';
import type { MainViewProps } from '../../shell/view-registry';
import { openView } from '../../shell/navigation';
import { VirtualTable, type Column } from '../../ui/virtual-list';
import { formatDuration } from '../../ui/pipeline-graph';
import { retainOverview, useOverview } from '../clusters/overview-store';
import { acquireLiveTable } from '../clusters/live-table';
import { filterRuns, runFacets, type RunListRow, type RunFilter } from './run-filter';
import './runs.css';

/** Live PipelineRun rows of several (context, namespace) pairs, merged. */
function useRunsAcross(targets: readonly { context: string; namespace: string }[]): RunListRow[] {
  const [rows, setRows] = useState<RunListRow[]>([]);
  const key = targets.map((t) => `${t.context}\u0000${t.namespace}`).join('\u0001');
  useEffect(() => {
    const held = targets.map((t) => ({ ...t, ...acquireLiveTable(t.context, 'pipelineruns', t.namespace) }));
    const rebuild = (): void => {
      const all: RunListRow[] = [];
      for (const h of held) for (const r of h.table.current.rows.values()) all.push({ ...(r as RunRow), context: h.context });
      setRows(all);
    };
    const offs = held.map((h) => h.table.subscribe(rebuild));
    rebuild();
    return () => {
      offs.forEach((off) => off());
      held.forEach((h) => h.release());
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return rows;
}

const columns: Column<RunListRow>[] = [
  { key: 'status', title: 'Status', width: '100px', render: (r) => <span className={`runp__status runp__status--${r.status.toLowerCase()}`}>{r.status}</span> },
  { key: 'name', title: 'Run', width: 'minmax(180px, 2fr)', render: (r) => r.name },
  { key: 'pipeline', title: 'Pipeline', width: 'minmax(100px, 1fr)', render: (r) => r.trigger?.pipeline ?? r.parent ?? '' },
  { key: 'repository', title: 'Repository', width: 'minmax(120px, 1fr)', render: (r) => r.trigger?.repository?.replace('.', '/') ?? '' },
  { key: 'event', title: 'Event', width: '90px', render: (r) => r.trigger?.event ?? (r.trigger?.['managed-by'] ? '' : 'manual') },
  { key: 'started', title: 'Started', width: '150px', render: (r) => new Date(r.startedAt ?? r.createdAt).toLocaleString() },
  { key: 'duration', title: 'Duration', width: '90px', align: 'end', render: (r) => (r.startedAt ? formatDuration((r.completedAt ?? Date.now()) - r.startedAt) : '') },
  { key: 'cluster', title: 'Cluster', width: 'minmax(100px, 1fr)', render: (r) => `${r.context} · ${r.namespace ?? ''}` },
];

/** The Runs view. */
export function RunsView(_props: MainViewProps): ReactElement {
  useEffect(() => retainOverview(), []);
  const overview = useOverview();
  const targets = useMemo(() => {
    const clusters = overview?.clusters ?? [];
    const runtime = clusters.filter((c) => c.group === 'runtime');
    return (runtime.length ? runtime : clusters.filter((c) => c.isCurrent)).map((c) => ({ context: c.context, namespace: c.namespace }));
  }, [overview]);
  const rows = useRunsAcross(targets);
  const [filter, setFilter] = useState<RunFilter>({ text: '' });
  const facets = useMemo(() => runFacets(rows), [rows]);
  const shown = useMemo(() => filterRuns(rows, filter), [rows, filter]);
  const select = (key: keyof RunFilter, values: readonly string[], label: string): ReactElement => (
    <select aria-label={label} value={(filter[key] as string | undefined) ?? ''} onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value || undefined }))}>
      <option value="">{label}: all</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
  return (
    <div className="runs" data-testid="runs-view">
      <div className="runs__filters">
        <input type="search" placeholder="Filter runs" aria-label="Filter runs" value={filter.text} onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))} />
        {select('repository', facets.repositories, 'Repository')}
        {select('pipeline', facets.pipelines, 'Pipeline')}
        {select('event', facets.events, 'Event')}
        {select('status', facets.statuses, 'Status')}
        {select('trigger', ['pipe-events', 'manual'], 'Trigger')}
        <span className="runp__muted" role="status">
          {shown.length} of {rows.length} runs · {targets.map((t) => t.context).join(', ') || 'no cluster'}
        </span>
      </div>
      <div className="runs__table">
        <VirtualTable
          rows={shown}
          columns={columns}
          rowKey={(r) => `${r.context}/${r.uid}`}
          ariaLabel="PipelineRuns"
          onRowActivate={(r) => openView('run', { title: r.name, params: { cluster: r.context, namespace: r.namespace ?? '', name: r.name } })}
          empty={<p className="runp__muted">No PipelineRuns here yet.</p>}
        />
      </div>
    </div>
  );
}
