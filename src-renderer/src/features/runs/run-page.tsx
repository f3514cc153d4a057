// The run page: header (repository, commit, ref, event, sender, times, status in words), actions, the pipeline
// graph coloured by status, the timeline, the whole run's live log, and params/results/workspaces.
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { RunDetail, RunRef, RunWatchEvent } from '../../../../src-shared/contract/runs';
import { runGraph } from '../../../../src-shared/runs/run-graph';
import type { PipelineRun } from '../../../../src-shared/runs/tekton-types';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import type { MainViewProps } from '../../shell/view-registry';
import { PipelineGraphView, formatDuration, type NodeDecoration, type NodeRunStatus } from '../../ui/pipeline-graph';
import { retainOverview, useOverview } from '../clusters/overview-store';
import { LogViewer } from '../logs/log-viewer';
import { openLog } from '../logs/log-subscription';
import type { LogModel } from '../logs/log-model';
import { LogTaskTabs, type TaskDot } from '../logs/log-task-tabs';
import { cancelRun, deleteRun, rerunRun, runCommands } from './run-actions';
import { RunTimeline } from './run-timeline';
import { RunStepShells } from '../terminal/run-step-shells';
import { notifyIfAllowed, useRunNotification } from './run-notification';
import { contextForCluster } from './run-target';
import { openView } from '../../shell/navigation';
import { appActions } from '../../state/store';
import './runs.css';

/** Live run detail for a ref. */
function useRunDetail(ref: RunRef | undefined): { run: RunDetail | undefined; problem: string | undefined } {
  const [state, setState] = useState<{ run: RunDetail | undefined; problem: string | undefined }>({ run: undefined, problem: undefined });
  const key = ref ? `${ref.context}/${ref.namespace}/${ref.name}` : '';
  useEffect(() => {
    if (!ref) return;
    setState({ run: undefined, problem: undefined });
    try {
      return host().runs.watchRun(ref, {
        next: (e: RunWatchEvent) =>
          setState((s) => (e.type === 'run' ? { run: e.run, problem: undefined } : { run: s.run, problem: e.message })),
        end: (err) => err && setState((s) => ({ ...s, problem: describeError(err) })),
      });
    } catch (err) {
      setState({ run: undefined, problem: describeError(err) });
      return undefined;
    }
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}

/** The run's whole log while the page is open. */
function useRunLog(ref: RunRef | undefined, sidecars: boolean): LogModel | undefined {
  const [model, setModel] = useState<LogModel | undefined>(undefined);
  const key = ref ? `${ref.context}/${ref.namespace}/${ref.name}/${sidecars}` : '';
  useEffect(() => {
    if (!ref) return;
    const { model: m, dispose } = openLog({ kind: 'run', ...ref, ...(sidecars ? { sidecars } : {}) });
    setModel(m);
    return () => {
      dispose();
      setModel(undefined);
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return model;
}

const STATUS: Record<string, NodeRunStatus> = {
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Pending: 'pending',
  Unknown: 'running',
  Skipped: 'skipped',
  NotStarted: 'pending',
};

const DOT: Record<string, TaskDot> = {
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'failed',
  Running: 'running',
  Unknown: 'running',
  Pending: 'waiting',
  NotStarted: 'waiting',
  Skipped: 'done',
};

function time(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toLocaleString();
}

/** The run page (view id `run`, params {cluster, namespace, name}). */
export function RunPage({ tabId, params }: MainViewProps): ReactElement {
  useEffect(() => retainOverview(), []);
  useEffect(() => {
    if (params.name) appActions().tabRetitled(tabId, params.name);
  }, [tabId, params.name]);
  const overview = useOverview();
  const context = params.cluster ? contextForCluster(overview, params.cluster) : undefined;
  const ref = context && params.namespace && params.name ? { context, namespace: params.namespace, name: params.name } : undefined;
  const { run, problem } = useRunDetail(ref);
  const [sidecars, setSidecars] = useState(false);
  const log = useRunLog(ref, sidecars);
  // The log view: all tasks merged, or one task's lines (from the same stream).
  const [logTask, setLogTask] = useState<string | undefined>();
  useEffect(() => setLogTask(undefined), [log]);
  const notify = useRunNotification(ref && params.cluster ? { ...ref, cluster: params.cluster } : undefined);
  const [tab, setTab] = useState<'log' | 'details'>('log');
  const [notice, setNotice] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (run && run.completedAt !== undefined) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [run]);

  // The graph depends only on the spec: key it by its text so status updates do not lay it out again.
  const specKey = run?.pipelineSpec ? JSON.stringify(run.pipelineSpec) : '';
  const pipelineName = run?.meta.pipeline ?? run?.name ?? '';
  const graph = useMemo(
    () => (specKey ? runGraph({ metadata: { name: pipelineName }, status: { pipelineSpec: JSON.parse(specKey) as NonNullable<PipelineRun['status']>['pipelineSpec'] } }) : undefined),
    [specKey, pipelineName],
  );
  const decorations = useMemo(() => {
    const m = new Map<string, NodeDecoration>();
    for (const t of run?.tasks ?? []) {
      const d = t.startedAt !== undefined ? (t.completedAt ?? now) - t.startedAt : undefined;
      m.set(t.name, { status: STATUS[t.phase] ?? 'pending', ...(d !== undefined ? { durationMs: d } : {}), ...(t.reason ? { detail: t.reason } : {}) });
    }
    return m;
  }, [run, now]);
  const dots = useMemo(() => new Map((run?.tasks ?? []).map((t) => [t.name, DOT[t.phase] ?? 'waiting'] as const)), [run]);

  if (!overview) return <div className="runp runp__muted">Loading clusters…</div>;
  if (!ref) return <div className="runp runp__problem" role="alert">No cluster named “{params.cluster}” is in your kubeconfigs, so run {params.namespace}/{params.name} cannot be opened.</div>;

  const act = (what: string, p: Promise<unknown>, done: string): void => {
    setNotice(`${what}…`);
    p.then(
      () => setNotice(done),
      (err: unknown) => setNotice(`${what} failed: ${describeError(err)}`),
    );
  };
  const cmds = runCommands(ref);
  const copy = (text: string): void => {
    navigator.clipboard?.writeText(text).then(
      () => setNotice(`Copied: ${text}`),
      () => setNotice(text),
    );
  };
  const showTaskLog = (task: string): void => {
    setTab('log');
    if (log?.tasks.has(task)) {
      setLogTask(task);
      setNotice(undefined);
    } else setNotice(`${task} has no log yet.`);
  };
  const meta = run?.meta;
  const finished = run && (run.phase === 'Succeeded' || run.phase === 'Failed' || run.phase === 'Cancelled');

  return (
    <div className="runp" data-testid="run-page">
      <header className="runp__head">
        <h1 className="runp__title">
          <span className={`runp__status runp__status--${(run?.phase ?? 'unknown').toLowerCase()}`} data-testid="run-phase">
            {run?.phase ?? '…'}
          </span>
          {ref.name}
        </h1>
        <p className="runp__summary" data-testid="run-summary">
          {problem ?? run?.summary ?? 'Loading…'}
        </p>
        {meta && (
          <dl className="runp__meta">
            {meta.repository && (
              <>
                <dt>Repository</dt>
                <dd>{meta.repository}</dd>
              </>
            )}
            {meta.sha && (
              <>
                <dt>Commit</dt>
                <dd title={meta.sha}>{meta.sha.slice(0, 12)}</dd>
              </>
            )}
            {(meta.ref || meta.prNumber) && (
              <>
                <dt>{meta.prNumber ? 'Pull request' : 'Ref'}</dt>
                <dd>{meta.prNumber ? `#${meta.prNumber}` : meta.ref?.replace(/^refs\/(heads|tags)\//, '')}</dd>
              </>
            )}
            {meta.event && (
              <>
                <dt>Event</dt>
                <dd>{meta.action ? `${meta.event} (${meta.action})` : meta.event}</dd>
              </>
            )}
            {meta.sender && (
              <>
                <dt>Sender</dt>
                <dd>{meta.sender}</dd>
              </>
            )}
            <dt>Trigger</dt>
            <dd>{meta.trigger === 'rerun' ? `re-run of ${meta.rerunOf}` : meta.trigger === 'manual' ? 'manual (no pipe-events labels)' : 'pipe-events'}</dd>
            <dt>Cluster</dt>
            <dd>
              {ref.context} · {ref.namespace}
            </dd>
            <dt>Started</dt>
            <dd>{time(run?.startedAt ?? run?.createdAt)}</dd>
            <dt>Duration</dt>
            <dd>{run?.startedAt !== undefined ? formatDuration((run.completedAt ?? now) - run.startedAt) : '—'}</dd>
          </dl>
        )}
        <div className="runp__actions" role="toolbar" aria-label="Run actions">
          <button type="button" disabled={!run || !!finished || run.isCancelRequested} onClick={() => act('Cancelling', cancelRun(ref), 'Cancel requested — finally tasks still run.')}>
            Cancel
          </button>
          <button
            type="button"
            disabled={!run}
            onClick={() => {
              setNotice('Re-running…');
              rerunRun(ref).then(
                ({ name }) => {
                  setNotice(`Started ${name}.`);
                  // A run the user triggered: tell them when it ends (if notifications are allowed already).
                  notifyIfAllowed({ context: ref.context, namespace: ref.namespace, name, cluster: params.cluster! });
                  openView('run', { title: name, params: { cluster: params.cluster!, namespace: ref.namespace, name } });
                },
                (err: unknown) => setNotice(`Re-running failed: ${describeError(err)}`),
              );
            }}
          >
            Re-run
          </button>
          <button
            type="button"
            disabled={!run}
            onClick={() => {
              if (window.confirm(`Delete PipelineRun ${ref.name}? Its TaskRuns and pods go with it.`)) act('Deleting', deleteRun(ref), 'Deleted.');
            }}
          >
            Delete
          </button>
          {(meta?.deliveryId || meta?.eventObject) && (
            <button type="button" onClick={() => openView('runs.events', { params: { delivery: meta.deliveryId ?? meta.eventObject ?? '' } })}>
              Why did this run?
            </button>
          )}
          {notify.available && !finished && (
            <button type="button" aria-pressed={notify.watching} onClick={notify.toggle}>
              {notify.watching ? 'Notifying when done' : 'Notify me when done'}
            </button>
          )}
          <button type="button" onClick={() => copy(cmds.kubectl)}>
            Copy kubectl
          </button>
          <button type="button" onClick={() => copy(cmds.logs)}>
            Copy tkn logs
          </button>
        </div>
        {notice && (
          <p className="runp__notice" role="status">
            {notice}
          </p>
        )}
      </header>
      {graph && graph.nodes.length > 0 && (
        <section className="runp__graph" aria-label="Pipeline graph">
          <PipelineGraphView graph={graph} decorations={decorations} label={`Tasks of ${ref.name}`} onNodeActivate={(n) => showTaskLog(n.name)} {...(logTask !== undefined ? { selectedId: logTask } : {})} />
        </section>
      )}
      {run && (
        <section className="runp__section">
          <h2>Timeline</h2>
          <RunTimeline run={run} now={now} onSelectTask={showTaskLog} />
          <RunStepShells run={run} context={ref.context} namespace={ref.namespace} />
        </section>
      )}
      <div className="runp__tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'log'} onClick={() => setTab('log')}>
          Log
        </button>
        <button type="button" role="tab" aria-selected={tab === 'details'} onClick={() => setTab('details')}>
          Params, results, workspaces
        </button>
        {tab === 'log' && (
          <label className="runp__toggle">
            <input type="checkbox" checked={sidecars} onChange={(e) => setSidecars(e.target.checked)} /> Sidecars
          </label>
        )}
      </div>
      {tab === 'log' && log && (
        <section className="runp__log" aria-label="Run log">
          <LogTaskTabs model={log} selected={logTask} onSelect={setLogTask} dots={dots} />
          <LogViewer model={log} showSource fileName={logTask ? `${ref.name}-${logTask}.log` : `${ref.name}.log`} {...(logTask !== undefined ? { task: logTask } : {})} />
        </section>
      )}
      {tab === 'details' && run && <RunDetails run={run} />}
    </div>
  );
}

function Table({ title, rows }: { title: string; rows: { name: string; value: string }[] }): ReactElement {
  return (
    <section className="runp__section">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="runp__muted">None.</p>
      ) : (
        <table className="runp__table">
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th>{r.name}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunDetails({ run }: { run: RunDetail }): ReactElement {
  const waiting = run.tasks.flatMap((t) => t.attempts.flatMap((a) => a.steps.filter((s) => s.reason).map((s) => ({ name: `${t.name} › ${s.name}`, value: `${s.exit ? `${s.exit}. ` : ''}${s.reason}` }))));
  return (
    <div className="runp__details">
      {waiting.length > 0 && <Table title="Steps that failed or did not start" rows={waiting} />}
      <Table title="Params" rows={run.params} />
      <Table title="Results" rows={run.results} />
      <Table title="Workspaces" rows={run.workspaces.map((w) => ({ name: w.name, value: w.binding }))} />
    </div>
  );
}
