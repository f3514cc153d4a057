// Table columns, sort keys, search text and quick filters for each live resource.
import type { ReactNode } from 'react';
import type { EventRow, NamespaceRow, PodRow, ResourceKind, ResourceRow, RunRow } from '../../../../src-shared/contract/clusters';
import { ageOf, formatDuration } from '../../../../src-shared/clusters/format';
import type { Accessor } from '../../../../src-shared/clusters/table-query';
import type { Column, SortState } from '../../ui/virtual-list';

/** Everything a resource table needs besides its rows. */
export interface ResourceTableSpec<R> {
  readonly columns: (now: number, allNamespaces: boolean) => Column<R>[];
  readonly accessors: Readonly<Record<string, Accessor<R>>>;
  readonly searchText: (row: R) => string;
  /** The column offered as a quick filter (status, type, phase). */
  readonly filterKey: string;
  readonly defaultSort: SortState;
  readonly rowClass?: (row: R) => string | undefined;
}

const nsColumn = <R extends ResourceRow>(): Column<R> => ({ key: 'namespace', title: 'Namespace', width: 'minmax(90px, 1fr)', sortable: true, render: (r) => r.namespace ?? '' });
const ageColumn = <R extends ResourceRow>(now: number): Column<R> => ({ key: 'age', title: 'Age', width: '64px', sortable: true, align: 'end', render: (r) => ageOf(r.createdAt, now) });
const withNs = <R extends ResourceRow>(all: boolean, cols: Column<R>[]): Column<R>[] => (all ? [cols[0]!, nsColumn<R>(), ...cols.slice(1)] : cols);

function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/** Colour of a status word. */
export function toneOf(status: string): string {
  if (/^(Running|Succeeded|Completed|Active|Normal)$/.test(status)) return status === 'Running' ? 'info' : 'ok';
  if (/^(Pending|ContainerCreating|PodInitializing|Init:\d|Terminating|Unknown)/.test(status)) return 'muted';
  if (/^(Cancelled)$/.test(status)) return 'muted';
  return 'danger';
}

const pods: ResourceTableSpec<PodRow> = {
  columns: (now, all) =>
    withNs(all, [
      { key: 'name', title: 'Name', width: 'minmax(180px, 3fr)', sortable: true, render: (r) => r.name },
      { key: 'ready', title: 'Ready', width: '56px', sortable: true, align: 'end', render: (r) => `${r.ready}/${r.containers}` },
      { key: 'status', title: 'Status', width: 'minmax(110px, 1fr)', sortable: true, render: (r) => <Badge tone={toneOf(r.status)}>{r.status}</Badge> },
      { key: 'restarts', title: 'Restarts', width: '70px', sortable: true, align: 'end', render: (r) => r.restarts },
      { key: 'node', title: 'Node', width: 'minmax(100px, 1fr)', sortable: true, render: (r) => r.node ?? '' },
      ageColumn(now),
    ]),
  accessors: {
    name: (r) => r.name,
    namespace: (r) => r.namespace,
    ready: (r) => r.ready,
    status: (r) => r.status,
    restarts: (r) => r.restarts,
    node: (r) => r.node,
    age: (r) => -r.createdAt,
    phase: (r) => r.phase,
  },
  searchText: (r) => `${r.name} ${r.namespace ?? ''} ${r.status} ${r.node ?? ''}`,
  filterKey: 'status',
  defaultSort: { key: 'name', dir: 'asc' },
};

const events: ResourceTableSpec<EventRow> = {
  columns: (now, all) =>
    withNs(all, [
      { key: 'lastSeen', title: 'Last seen', width: '76px', sortable: true, align: 'end', render: (r) => ageOf(r.lastSeen, now) },
      { key: 'type', title: 'Type', width: '80px', sortable: true, render: (r) => <Badge tone={r.type === 'Warning' ? 'warn' : 'muted'}>{r.type}</Badge> },
      { key: 'reason', title: 'Reason', width: 'minmax(100px, 1fr)', sortable: true, render: (r) => r.reason },
      { key: 'object', title: 'Object', width: 'minmax(140px, 2fr)', sortable: true, render: (r) => r.object },
      { key: 'message', title: 'Message', width: 'minmax(200px, 5fr)', render: (r) => <span title={r.message}>{r.message}</span> },
      { key: 'count', title: 'Count', width: '56px', sortable: true, align: 'end', render: (r) => r.count },
    ]),
  accessors: {
    // Newest first means larger times first: sort ascending on the negated time.
    lastSeen: (r) => -r.lastSeen,
    namespace: (r) => r.namespace,
    type: (r) => r.type,
    reason: (r) => r.reason,
    object: (r) => r.object,
    count: (r) => r.count,
  },
  searchText: (r) => `${r.type} ${r.reason} ${r.object} ${r.message} ${r.namespace ?? ''}`,
  filterKey: 'type',
  defaultSort: { key: 'lastSeen', dir: 'asc' },
  rowClass: (r) => (r.type === 'Warning' ? 'row--warning' : undefined),
};

function runColumns(parentTitle: string, withTask: boolean) {
  return (now: number, all: boolean): Column<RunRow>[] =>
    withNs(all, [
      { key: 'name', title: 'Name', width: 'minmax(180px, 3fr)', sortable: true, render: (r) => r.name },
      { key: 'status', title: 'Status', width: 'minmax(100px, 1fr)', sortable: true, render: (r) => <Badge tone={toneOf(r.status)}>{r.status}</Badge> },
      { key: 'parent', title: parentTitle, width: 'minmax(110px, 1.5fr)', sortable: true, render: (r) => r.parent ?? '' },
      ...(withTask ? [{ key: 'task', title: 'Task', width: 'minmax(90px, 1fr)', sortable: true, render: (r: RunRow) => r.task ?? '' }] : []),
      { key: 'started', title: 'Started', width: '76px', sortable: true, align: 'end', render: (r) => ageOf(r.startedAt, now) },
      {
        key: 'duration',
        title: 'Duration',
        width: '80px',
        sortable: true,
        align: 'end',
        render: (r) => (r.startedAt ? formatDuration((r.completedAt ?? now) - r.startedAt) : ''),
      },
      { key: 'trigger', title: 'Trigger', width: 'minmax(120px, 2fr)', render: (r) => triggerText(r) },
    ]);
}

/** Trigger labels as "key=value" pairs. */
export function triggerText(r: RunRow): string {
  return r.trigger ? Object.entries(r.trigger).map(([k, v]) => `${k}=${v}`).join(' ') : '';
}

const runAccessors: Record<string, Accessor<RunRow>> = {
  name: (r) => r.name,
  namespace: (r) => r.namespace,
  status: (r) => r.status,
  parent: (r) => r.parent,
  task: (r) => r.task,
  // Newest first by default; runs not started yet sort by creation.
  started: (r) => -(r.startedAt ?? r.createdAt),
  duration: (r) => (r.startedAt && r.completedAt ? r.completedAt - r.startedAt : undefined),
};
const runSearch = (r: RunRow): string => `${r.name} ${r.status} ${r.reason ?? ''} ${r.parent ?? ''} ${r.task ?? ''} ${triggerText(r)} ${r.namespace ?? ''}`;

const pipelineruns: ResourceTableSpec<RunRow> = {
  columns: runColumns('Pipeline', false),
  accessors: runAccessors,
  searchText: runSearch,
  filterKey: 'status',
  defaultSort: { key: 'started', dir: 'asc' },
  rowClass: (r) => (r.status === 'Failed' ? 'row--danger' : undefined),
};

const taskruns: ResourceTableSpec<RunRow> = { ...pipelineruns, columns: runColumns('PipelineRun', true) };

const namespaces: ResourceTableSpec<NamespaceRow> = {
  columns: (now) => [
    { key: 'name', title: 'Name', width: 'minmax(200px, 3fr)', sortable: true, render: (r) => r.name },
    { key: 'phase', title: 'Status', width: 'minmax(100px, 1fr)', sortable: true, render: (r) => <Badge tone={toneOf(r.phase)}>{r.phase}</Badge> },
    ageColumn(now),
  ],
  accessors: { name: (r) => r.name, phase: (r) => r.phase, age: (r) => -r.createdAt },
  searchText: (r) => r.name,
  filterKey: 'phase',
  defaultSort: { key: 'name', dir: 'asc' },
};

/** The spec of each resource table. */
export const RESOURCE_TABLES: { readonly [K in ResourceKind]: ResourceTableSpec<never> } = {
  pods: pods as ResourceTableSpec<never>,
  events: events as ResourceTableSpec<never>,
  pipelineruns: pipelineruns as ResourceTableSpec<never>,
  taskruns: taskruns as ResourceTableSpec<never>,
  namespaces: namespaces as ResourceTableSpec<never>,
};

/** The spec for a resource, typed for its rows. */
export function tableSpec(resource: ResourceKind): ResourceTableSpec<ResourceRow> {
  return RESOURCE_TABLES[resource] as unknown as ResourceTableSpec<ResourceRow>;
}
