// GitHub events as pipe-events recorded them (core cluster, live): per delivery, which pipelines matched and why,
// the runs created (links to run pages), invalid pipeline files with file:line. Opened with {delivery} from a run
// ("why did this run?") it selects that event.
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { GithubEventRow } from '../../../../src-shared/contract/runs';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import type { MainViewProps } from '../../shell/view-registry';
import { openView } from '../../shell/navigation';
import { VirtualTable, type Column } from '../../ui/virtual-list';
import { retainOverview, useOverview } from '../clusters/overview-store';
import { SampleEventSender } from '../pipe-events/sample-event-sender';
import './runs.css';

function useGithubEvents(context: string | undefined): { events: GithubEventRow[]; problem: string | undefined } {
  const [state, setState] = useState<{ events: GithubEventRow[]; problem: string | undefined }>({ events: [], problem: undefined });
  useEffect(() => {
    if (!context) return;
    try {
      return host().runs.watchEvents(
        { context },
        {
          next: (e) => setState((s) => (e.type === 'events' ? { events: e.events, problem: undefined } : { events: s.events, problem: e.message })),
          end: (err) => err && setState((s) => ({ ...s, problem: describeError(err) })),
        },
      );
    } catch (err) {
      setState({ events: [], problem: describeError(err) });
      return undefined;
    }
  }, [context]);
  return state;
}

const columns: Column<GithubEventRow>[] = [
  { key: 'phase', title: 'Phase', width: '90px', render: (e) => e.phase },
  { key: 'event', title: 'Event', width: '150px', render: (e) => (e.action ? `${e.event} · ${e.action}` : e.event) },
  { key: 'repository', title: 'Repository', width: 'minmax(140px, 1fr)', render: (e) => e.repository },
  { key: 'ref', title: 'Ref', width: 'minmax(100px, 1fr)', render: (e) => e.ref?.replace(/^refs\/(heads|tags)\//, '') ?? '' },
  { key: 'sender', title: 'Sender', width: '110px', render: (e) => e.sender ?? '' },
  { key: 'runs', title: 'Runs', width: '60px', align: 'end', render: (e) => String(e.runs.length) },
  { key: 'received', title: 'Received', width: '160px', render: (e) => (e.receivedAt ? new Date(e.receivedAt).toLocaleString() : '') },
];

/** The GitHub events view. */
export function EventsView({ params }: MainViewProps): ReactElement {
  useEffect(() => retainOverview(), []);
  const overview = useOverview();
  const core = overview?.clusters.find((c) => c.group === 'core')?.context ?? overview?.currentContext;
  const { events, problem } = useGithubEvents(core);
  const [repo, setRepo] = useState('');
  const [kind, setKind] = useState('');
  const [selected, setSelected] = useState<string | undefined>(params.delivery);
  useEffect(() => setSelected(params.delivery), [params.delivery]);
  const shown = useMemo(() => events.filter((e) => (!repo || e.repository === repo) && (!kind || e.event === kind)), [events, repo, kind]);
  const repos = useMemo(() => [...new Set(events.map((e) => e.repository))].sort(), [events]);
  const kinds = useMemo(() => [...new Set(events.map((e) => e.event))].sort(), [events]);
  const current = events.find((e) => e.deliveryId === selected || e.name === selected);
  return (
    <div className="runs" data-testid="events-view">
      <div className="runs__filters">
        <select aria-label="Repository" value={repo} onChange={(e) => setRepo(e.target.value)}>
          <option value="">Repository: all</option>
          {repos.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <select aria-label="Event" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">Event: all</option>
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <span className="runp__muted" role="status">
          {problem ?? `${shown.length} of ${events.length} deliveries · ${core ?? 'no core cluster'}`}
        </span>
        <SampleEventSender />
      </div>
      <div className="runs__table">
        <VirtualTable rows={shown} columns={columns} rowKey={(e) => e.name} ariaLabel="GitHub events" selectedKey={current?.name} onRowActivate={(e) => setSelected(e.deliveryId)} empty={<p className="runp__muted">No deliveries recorded.</p>} />
      </div>
      {current && <EventDetail event={current} />}
    </div>
  );
}

function EventDetail({ event }: { event: GithubEventRow }): ReactElement {
  return (
    <section className="runp__section" aria-label="Event detail" data-testid="event-detail">
      <h2>
        Delivery {event.deliveryId} · {event.event}
        {event.action ? ` (${event.action})` : ''} · {event.repository}
        {event.sha ? ` @ ${event.sha.slice(0, 12)}` : ''}
      </h2>
      {event.message && <p className="runp__muted">{event.message}</p>}
      <h2>Pipelines</h2>
      {event.explanations.length === 0 ? (
        <p className="runp__muted">No pipeline was considered.</p>
      ) : (
        <table className="runp__table">
          <tbody>
            {event.explanations.map((x) => (
              <tr key={`${x.pipeline}/${x.file ?? ''}`}>
                <th>
                  {x.matched ? '✔' : '✘'} {x.pipeline}
                </th>
                <td>{x.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Runs created</h2>
      {event.runs.length === 0 ? (
        <p className="runp__muted">None.</p>
      ) : (
        <ul>
          {event.runs.map((r) => (
            <li key={`${r.cluster}/${r.namespace}/${r.name}`}>
              <button type="button" className="linkish" onClick={() => openView('run', { title: r.name, params: { cluster: r.cluster, namespace: r.namespace, name: r.name } })}>
                {r.pipeline}: {r.name}
              </button>{' '}
              <span className="runp__muted">
                ({r.cluster} · {r.namespace})
              </span>
            </li>
          ))}
        </ul>
      )}
      {event.errors.length > 0 && (
        <>
          <h2>Invalid pipeline files</h2>
          <ul>
            {event.errors.map((e, i) => (
              <li key={i}>
                {e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
