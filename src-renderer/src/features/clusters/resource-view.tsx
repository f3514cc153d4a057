// A cluster's live resources: resource tabs, namespace switch, search and filter, a virtualized table and the detail drawer.
import { useDeferredValue, useEffect, useMemo, useState, type ReactElement } from 'react';
import type { ClusterEntry, ResourceKind, ResourceRow } from '../../../../src-shared/contract/clusters';
import { RESOURCE_KINDS, RESOURCES } from '../../../../src-shared/clusters/resource-kinds';
import { applyTableQuery, distinctValues } from '../../../../src-shared/clusters/table-query';
import type { MainViewProps } from '../../shell/view-registry';
import { appActions } from '../../state/store';
import { EmptyState } from '../../ui/empty-state';
import { VirtualTable, type SortState } from '../../ui/virtual-list';
import { useLiveTable, type LiveTableSnapshot } from './live-table';
import { retainOverview, useClusterEntry, useCurrentContext } from './overview-store';
import { tableSpec } from './resource-columns';
import { DetailDrawer } from './detail-drawer';
import { NamespacePicker } from './namespace-picker';
import { ClusterActions, approveExec } from './cluster-actions';
import { StatusDot, statusText } from './cluster-status';
import './clusters.css';

const STATE_TEXT: Record<LiveTableSnapshot['state'], string> = {
  connecting: 'Connecting…',
  listing: 'Loading…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  relisting: 'Resyncing…',
  failed: 'Failed',
};

/** The main view `clusters.resources` (params: context, resource). */
export function ResourceView({ tabId, params }: MainViewProps): ReactElement {
  useEffect(() => retainOverview(), []);
  const current = useCurrentContext();
  const context = params.context ?? current;
  const [resource, setResource] = useState<ResourceKind>(isResource(params.resource) ? params.resource : 'pods');
  const entry = useClusterEntry(context);
  const [allNamespaces, setAllNamespaces] = useState(false);
  // An owner link opens the owner's table filtered to its name.
  const [ownerSearch, setOwnerSearch] = useState<string | undefined>(undefined);
  const def = RESOURCES[resource];
  const namespace = def.namespaced && !allNamespaces ? entry?.namespace : undefined;
  const ready = !!entry && (!def.namespaced || allNamespaces || !!namespace);
  const { table, snapshot } = useLiveTable(ready ? context : undefined, resource, namespace);

  useEffect(() => {
    if (context) appActions().tabRetitled(tabId, context);
  }, [tabId, context]);

  if (!context) {
    return (
      <EmptyState icon="cluster" title="No cluster selected">
        <p>Pick a cluster in the sidebar, or add a kubeconfig.</p>
      </EmptyState>
    );
  }
  return (
    <div className="cluster-view">
      <header className="cluster-view__header">
        <h1 className="cluster-view__title">
          {entry && <StatusDot status={entry.status} />}
          <span>{context}</span>
        </h1>
        {entry && <span className="cluster-view__status">{statusText(entry.status)}</span>}
        <span className="cluster-view__spacer" />
        {entry && <NamespacePicker entry={entry} />}
        {entry && <ClusterActions entry={entry} />}
      </header>
      {entry?.status.problem && entry.status.phase !== 'ready' && <ProblemBanner title={statusText(entry.status)} message={entry.status.problem.message} help={entry.status.problem.help} />}
      {entry?.status.phase === 'needs-approval' && entry.exec && <ExecApproval entry={entry} exec={entry.exec} />}
      {entry?.insecureTls && (
        <div className="problem problem--warn" role="note">
          <strong className="problem__title">TLS verification is off for this cluster</strong>
          <p className="problem__message">Its kubeconfig sets insecure-skip-tls-verify: anyone on the network path can pose as this cluster and receive your credentials.</p>
          <p className="problem__help">Set certificate-authority (or -data) for the cluster instead.</p>
        </div>
      )}
      <nav className="segmented cluster-view__kinds" aria-label="Resource">
        {RESOURCE_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={k === resource}
            className={k === resource ? 'segmented__item segmented__item--on' : 'segmented__item'}
            onClick={() => {
              setOwnerSearch(undefined);
              setResource(k);
            }}
          >
            {RESOURCES[k].title}
          </button>
        ))}
      </nav>
      <ResourceTable
        key={`${context}/${resource}/${namespace ?? '*'}`}
        context={context}
        resource={resource}
        namespace={namespace}
        snapshot={snapshot}
        onRetry={() => table?.reopen()}
        allNamespaces={allNamespaces}
        onAllNamespaces={def.namespaced ? setAllNamespaces : undefined}
        initialSearch={ownerSearch}
        onOpenOwner={(kind, name) => {
          setOwnerSearch(name);
          setResource(kind);
        }}
      />
    </div>
  );
}

function isResource(value: string | undefined): value is ResourceKind {
  return !!value && (RESOURCE_KINDS as readonly string[]).includes(value);
}

export interface ResourceTableProps {
  readonly context: string;
  readonly resource: ResourceKind;
  readonly namespace: string | undefined;
  readonly snapshot: LiveTableSnapshot;
  readonly allNamespaces: boolean;
  readonly onAllNamespaces: ((on: boolean) => void) | undefined;
  readonly onRetry: () => void;
  readonly initialSearch: string | undefined;
  readonly onOpenOwner: (resource: ResourceKind, name: string) => void;
}

/** The table part of a cluster view (exported for DOM tests). */
export function ResourceTable({ context, resource, namespace, snapshot, allNamespaces, onAllNamespaces, onRetry, initialSearch, onOpenOwner }: ResourceTableProps): ReactElement {
  const spec = tableSpec(resource);
  const [search, setSearch] = useState(initialSearch ?? '');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState>(spec.defaultSort);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const now = useNow(1000);
  // Typing stays responsive with 10k rows: the table filters on the deferred value.
  const deferredSearch = useDeferredValue(search);
  const { rows: rowMap, version } = snapshot;
  const rows = useMemo(
    () =>
      applyTableQuery<ResourceRow>(
        rowMap.values(),
        { sortKey: sort.key, sortDir: sort.dir, search: deferredSearch, ...(filter ? { filters: { [spec.filterKey]: [filter] } } : {}) },
        spec.accessors,
        spec.searchText,
      ),
    // version changes whenever rowMap's contents do (it is mutated in place).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rowMap, version, sort, deferredSearch, filter, spec],
  );
  const filterValues = useMemo(
    () => distinctValues(rowMap.values(), spec.accessors[spec.filterKey]!),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rowMap, version, spec],
  );
  const columns = useMemo(() => spec.columns(now, allNamespaces), [spec, now, allNamespaces]);
  const selectedRow = selected ? rowMap.get(selected) : undefined;
  const title = RESOURCES[resource].title;

  return (
    <div className="cluster-view__body">
      <div className="cluster-view__toolbar" role="toolbar" aria-label={`${title} tools`}>
        <input className="input cluster-view__search" type="search" placeholder={`Search ${title.toLowerCase()}…`} aria-label={`Search ${title}`} value={search} onChange={(e) => setSearch(e.target.value)} />
        <select className="input cluster-view__filter" aria-label="Filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="">All</option>
          {filterValues.map((v) => (
            <option key={v.value} value={v.value}>
              {v.value || '(none)'} ({v.count})
            </option>
          ))}
        </select>
        {onAllNamespaces && (
          <label className="cluster-view__check">
            <input type="checkbox" checked={allNamespaces} onChange={(e) => onAllNamespaces(e.target.checked)} /> All namespaces
          </label>
        )}
        <span className="cluster-view__spacer" />
        <span className="cluster-view__count" aria-live="polite" data-testid="row-count">
          {snapshot.synced ? (rows.length === rowMap.size ? `${rowMap.size}` : `${rows.length} of ${rowMap.size}`) : ''} {title.toLowerCase()}
        </span>
        <span className={`live-state live-state--${snapshot.state}`} data-testid="live-state" title={snapshot.problem?.message}>
          {STATE_TEXT[snapshot.state]}
        </span>
      </div>
      {snapshot.state === 'failed' && snapshot.problem && (
        <ProblemBanner title={`${title} cannot be shown`} message={snapshot.problem.message} help={snapshot.problem.help} onRetry={onRetry} />
      )}
      <div className="cluster-view__content">
        <VirtualTable<ResourceRow>
          rows={rows}
          columns={columns}
          rowKey={(r) => r.uid}
          ariaLabel={`${title}${namespace ? ` in ${namespace}` : ''}`}
          sort={sort}
          onSortChange={setSort}
          selectedKey={selected}
          onRowActivate={(r) => setSelected(r.uid)}
          {...(spec.rowClass ? { rowClass: spec.rowClass } : {})}
          empty={
            // A failed list already says so in its banner: say it once, never "Loading…" under it.
            snapshot.state === 'failed' ? null : snapshot.synced ? (
              <p className="cluster-view__empty">{search || filter ? 'Nothing matches.' : `No ${title.toLowerCase()} here.`}</p>
            ) : (
              <p className="cluster-view__empty">Loading {title.toLowerCase()}…</p>
            )
          }
        />
        {selectedRow && (
          <DetailDrawer
            context={context}
            resource={resource}
            row={selectedRow}
            onClose={() => setSelected(undefined)}
            onOpenOwner={onOpenOwner}
          />
        )}
      </div>
    </div>
  );
}

/** A failure with its server message verbatim and what to do. */
/** Shows the credential command an added or imported kubeconfig wants to run, and runs it only when allowed. */
export function ExecApproval({ entry, exec }: { entry: ClusterEntry; exec: NonNullable<ClusterEntry['exec']> }): ReactElement {
  return (
    <div className="problem problem--warn" role="alert" aria-label="Allow the credential command">
      <strong className="problem__title">This cluster gets its credentials by running a command</strong>
      <p className="problem__message">
        {entry.file} wants to run:
      </p>
      <pre className="exec-command" data-testid="exec-command">{[exec.command, ...exec.args].join(' ')}</pre>
      <p className="problem__help">It runs on this computer with your permissions. Allow it only if you trust this kubeconfig; PIPE Desktop remembers your answer for this file and command.</p>
      <button type="button" className="btn btn--primary" onClick={() => void approveExec(entry)}>
        Allow and connect
      </button>
    </div>
  );
}

export function ProblemBanner({ title, message, help, onRetry }: { title: string; message: string; help?: string; onRetry?: () => void }): ReactElement {
  return (
    <div className="problem" role="alert">
      <strong className="problem__title">{title}</strong>
      <p className="problem__message">{message}</p>
      {help && <p className="problem__help">{help}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** The current time, refreshed every `ms` (ages and running durations). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
