// The sidebar's cluster list: core, runtime clusters by region, other kubeconfig contexts — each with its live status.
import { useEffect, useMemo, type ReactElement } from 'react';
import type { ClusterEntry, ClustersOverview } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { openView } from '../../shell/navigation';
import { retainOverview, useOverview, useOverviewProblem } from './overview-store';
import { StatusDot, statusText } from './cluster-status';
import { EmptyState } from '../../ui/empty-state';
import './clusters.css';

/** A titled group of clusters. */
export interface ClusterGroup {
  readonly id: string;
  readonly title: string;
  readonly clusters: readonly ClusterEntry[];
}

/** Groups clusters as core / runtime · region (sorted) / other, keeping kubeconfig order inside a group. */
export function groupClusters(clusters: readonly ClusterEntry[]): ClusterGroup[] {
  const core = clusters.filter((c) => c.group === 'core');
  const regions = [...new Set(clusters.filter((c) => c.group === 'runtime').map((c) => c.region ?? ''))].sort();
  const other = clusters.filter((c) => c.group === 'other');
  return [
    ...(core.length ? [{ id: 'core', title: 'Core', clusters: core }] : []),
    ...regions.map((r) => ({ id: `runtime-${r}`, title: r ? `Runtime · ${r}` : 'Runtime', clusters: clusters.filter((c) => c.group === 'runtime' && (c.region ?? '') === r) })),
    ...(other.length ? [{ id: 'other', title: core.length || regions.length ? 'Other kubeconfigs' : 'Kubeconfig contexts', clusters: other }] : []),
  ];
}

/** Opens a cluster's resource view (and makes it the current context). */
export function openCluster(context: string): void {
  void host().clusters.selectContext({ context }).catch((e: unknown) => reportError('Selecting the cluster', e));
  openView('clusters.resources', { params: { context }, title: context });
}

/** The sidebar section body. */
export function ClusterSidebar(): ReactElement {
  useEffect(() => retainOverview(), []);
  const overview = useOverview();
  const problem = useOverviewProblem();
  const groups = useMemo(() => groupClusters(overview?.clusters ?? []), [overview]);
  // aria-busy: the section grows when the overview arrives (the views below move); waitForShell waits for it.
  if (!overview) return <p className="sidebar__loading" aria-busy={problem ? undefined : true}>{problem ?? 'Loading clusters…'}</p>;
  return (
    <div className="cluster-nav">
      {groups.length === 0 && (
        <EmptyState
          compact
          icon="cluster"
          title="No clusters yet"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => openView('clusters.kubeconfigs')}>
              Add kubeconfig…
            </button>
          }
        >
          <p>
            No kubeconfig context was found. Add a kubeconfig, or run <code>npm run sandbox</code> for a local PIPE cluster.
          </p>
        </EmptyState>
      )}
      {groups.map((g) => (
        <div key={g.id} className="cluster-nav__group" role="group" aria-label={g.title}>
          <h3 className="cluster-nav__title">{g.title}</h3>
          <ul className="sidebar__list">
            {g.clusters.map((c) => (
              <li key={c.context}>
                <button
                  type="button"
                  className={c.isCurrent ? 'sidebar__item cluster-nav__item sidebar__item--active' : 'sidebar__item cluster-nav__item'}
                  aria-current={c.isCurrent ? 'true' : undefined}
                  onClick={() => openCluster(c.context)}
                  title={`${c.context}\n${c.server}\n${c.file}`}
                  aria-label={`${c.context}, namespace ${c.namespace}, ${statusText(c.status)}${c.insecureTls ? ', TLS not verified' : ''}`}
                >
                  <StatusDot status={c.status} />
                  <span className="cluster-nav__name">{c.context}</span>
                  {c.insecureTls && (
                    <span className="badge badge--warn cluster-nav__insecure" title="insecure-skip-tls-verify: the server's identity is not checked">
                      TLS off
                    </span>
                  )}
                  <span className="cluster-nav__ns">{c.namespace}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <KubeconfigSummary overview={overview} />
    </div>
  );
}

function KubeconfigSummary({ overview }: { overview: ClustersOverview }): ReactElement {
  const bad = overview.files.filter((f) => f.state === 'error' || f.state === 'partial').length;
  return (
    <button type="button" className={bad ? 'cluster-nav__files cluster-nav__files--bad' : 'cluster-nav__files'} onClick={() => openView('clusters.kubeconfigs')}>
      {plural(overview.files.filter((f) => f.state !== 'missing').length, 'kubeconfig file')}
      {bad ? ` · ${bad} with problems` : ''}
    </button>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
