// The pipe-events panel: the platform's event handler as the core cluster shows it, live — replicas and leader,
// the last delivery, events waiting or failing, schedules due next — so "why hasn't my push run?" has an answer.
import { useEffect, useState, type ReactElement } from 'react';
import type { PipeEventsStatus } from '../../../../src-shared/contract/pipe-events';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import type { MainViewProps } from '../../shell/view-registry';
import { openView } from '../../shell/navigation';
import { retainOverview, useOverview } from '../clusters/overview-store';
import { SampleEventSender } from './sample-event-sender';
// The run page's look (title, sections, tables) is shared with the runs feature.
import '../runs/runs.css';
import './pipe-events.css';

type Brief = PipeEventsStatus['waitingEvents'][number];

function usePipeEventsStatus(context: string | undefined): { status: PipeEventsStatus | undefined; problem: string | undefined } {
  const [state, setState] = useState<{ status: PipeEventsStatus | undefined; problem: string | undefined }>({ status: undefined, problem: undefined });
  useEffect(() => {
    if (!context) return;
    setState({ status: undefined, problem: undefined });
    try {
      return host().pipeEvents.watchStatus(
        { context },
        {
          next: (status) => setState({ status, problem: undefined }),
          end: (err) => err && setState((s) => ({ ...s, problem: describeError(err) })),
        },
      );
    } catch (err) {
      setState({ status: undefined, problem: describeError(err) });
      return undefined;
    }
  }, [context]);
  return state;
}

const when = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toLocaleString());

function EventLine({ e }: { e: Brief }): ReactElement {
  return (
    <li>
      <button type="button" className="linkish" onClick={() => openView('runs.events', { params: { delivery: e.deliveryId } })}>
        {e.event}
        {e.action ? ` · ${e.action}` : ''} · {e.repository}
      </button>{' '}
      <span className="runp__muted">
        {when(e.receivedAt)} · {e.phase}
        {e.attempts ? ` · attempt ${e.attempts}` : ''}
        {e.nextAttemptAt ? ` · next try ${when(e.nextAttemptAt)}` : ''}
      </span>
      {e.message && <div className="runp__muted">{e.message}</div>}
    </li>
  );
}

/** The panel body for one status (exported for tests and screenshots). */
export function PipeEventsPanel({ status }: { status: PipeEventsStatus }): ReactElement {
  const live = status.replicas.filter((r) => r.live);
  return (
    <div className="pev__grid">
      <section className="runp__section" aria-label="Replicas">
        <h2>Replicas</h2>
        {status.state === 'down' ? (
          <p className="pev__down" role="alert" data-testid="pipe-events-down">
            pipe-events is down: no replica holds a live Lease{status.replicas.length ? ` (last seen ${when(Math.max(...status.replicas.map((r) => r.renewedAt ?? 0)))})` : ''}. Deliveries
            GitHub sends now are refused or queued by GitHub, and nothing runs until a replica is back.
          </p>
        ) : (
          <p data-testid="pipe-events-up">
            {live.length} of {status.replicas.length} replica{status.replicas.length === 1 ? '' : 's'} live · leader <strong>{status.leader ?? 'none (election in progress)'}</strong>
          </p>
        )}
        <table className="runp__table" aria-label="Replica leases">
          <tbody>
            {status.replicas.map((r) => (
              <tr key={r.identity} data-replica={r.identity} data-live={r.live}>
                <th>
                  {r.live ? '●' : '○'} {r.identity}
                  {r.leader ? ' (leader)' : ''}
                </th>
                <td>{r.live ? `renewed ${when(r.renewedAt)}` : `expired ${when(r.expiresAt)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="runp__section" aria-label="Deliveries">
        <h2>Deliveries</h2>
        <p data-testid="pipe-events-last-delivery">
          {status.lastDelivery ? (
            <>
              Last received {when(status.lastDelivery.receivedAt)}: <EventLineInline e={status.lastDelivery} />
            </>
          ) : (
            'No delivery recorded yet.'
          )}
        </p>
        <p data-testid="pipe-events-counts">
          {status.waiting} waiting · {status.failing} failing · {status.totalEvents} recorded
        </p>
        {status.failingEvents.length > 0 && (
          <>
            <h2>Failing</h2>
            <ul className="pev__list">
              {status.failingEvents.map((e) => (
                <EventLine key={e.name} e={e} />
              ))}
            </ul>
          </>
        )}
        {status.waitingEvents.length > 0 && (
          <>
            <h2>Waiting</h2>
            <ul className="pev__list">
              {status.waitingEvents.map((e) => (
                <EventLine key={e.name} e={e} />
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="runp__section" aria-label="Schedules">
        <h2>Schedules due next</h2>
        {!status.schedules.known ? (
          <p className="runp__muted">This pipe-events publishes no upcoming schedule fires.</p>
        ) : status.schedules.next.length === 0 ? (
          <p className="runp__muted">No schedule: triggers in the mapped repositories.</p>
        ) : (
          <table className="runp__table" aria-label="Upcoming schedules">
            <tbody>
              {status.schedules.next.map((s) => (
                <tr key={`${s.repository}/${s.pipeline}/${s.cron}/${s.at}`}>
                  <th>{when(s.at)}</th>
                  <td>
                    {s.repository} · {s.pipeline} · <code>{s.cron}</code>
                    {s.timezone ? ` (${s.timezone})` : ' (UTC)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {status.schedules.checkedUntil !== undefined && <p className="runp__muted">Checked up to {when(status.schedules.checkedUntil)}.</p>}
      </section>
    </div>
  );
}

function EventLineInline({ e }: { e: Brief }): ReactElement {
  return (
    <button type="button" className="linkish" onClick={() => openView('runs.events', { params: { delivery: e.deliveryId } })}>
      {e.event}
      {e.action ? ` · ${e.action}` : ''} · {e.repository} ({e.phase}, {e.runCount} run{e.runCount === 1 ? '' : 's'})
    </button>
  );
}

/** The pipe-events view (core cluster of the connected PIPE). */
export function PipeEventsView(_props: MainViewProps): ReactElement {
  useEffect(() => retainOverview(), []);
  const overview = useOverview();
  const core = overview?.clusters.find((c) => c.group === 'core')?.context ?? overview?.currentContext;
  const { status, problem } = usePipeEventsStatus(core);
  return (
    <div className="runp" data-testid="pipe-events-view">
      <h1 className="runp__title">
        pipe-events
        {status && <span className={`runp__status runp__status--${status.state === 'up' ? 'succeeded' : 'failed'}`}>{status.state === 'up' ? 'up' : 'down'}</span>}
      </h1>
      <p className="runp__muted">
        The platform&apos;s GitHub event handler, as the core cluster {core ? `(${core})` : ''} shows it: live, from its Leases and GitHubEvent objects in {status?.namespace ?? 'pipe-system'}.
      </p>
      <SampleEventSender />
      {problem && <p className="runp__problem">{problem}</p>}
      {status?.problem && <p className="runp__problem">{status.problem}</p>}
      {!core && <p className="runp__muted">No core cluster: connect to a PIPE (platform profile) first.</p>}
      {core && !status && !problem && <p className="runp__muted">Reading…</p>}
      {status && <PipeEventsPanel status={status} />}
    </div>
  );
}
