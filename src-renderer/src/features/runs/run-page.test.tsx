import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { RunWatchEvent } from '../../../../src-shared/contract/runs';
import type { LogEvent } from '../../../../src-shared/contract/logs';
import type { ClustersOverview } from '../../../../src-shared/contract/clusters';
import { runDetail } from '../../../../src-shared/runs/run-detail';
import { installFlowTestEnv } from '../../ui/pipeline-graph/flow-test-env';

const calls: { method: string; args: unknown }[] = [];
const streams: { run?: StreamObserver<RunWatchEvent>; log?: StreamObserver<LogEvent>; runs: { args: unknown; o: StreamObserver<RunWatchEvent>; closed: boolean }[]; logArgs?: unknown; logOpened: number } = { runs: [], logOpened: 0 };
vi.mock('../../bridge/host', () => ({
  host: () => ({
    clusters: { overview: () => () => undefined },
    runs: {
      watchRun: (args: unknown, o: StreamObserver<RunWatchEvent>) => {
        const sub = { args, o, closed: false };
        streams.runs.push(sub);
        streams.run = o;
        return () => void (sub.closed = true);
      },
      cancel: async (args: unknown) => (calls.push({ method: 'cancel', args }), { ok: true }),
      rerun: async (args: unknown) => (calls.push({ method: 'rerun', args }), { name: 'ci-1-r-abcde' }),
      delete: async () => ({ ok: true }),
    },
    logs: { followRun: (a: unknown, o: StreamObserver<LogEvent>) => ((streams.logArgs = a), (streams.log = o), streams.logOpened++, () => undefined), followContainer: () => () => undefined },
  }),
}));

const { RunPage } = await import('./run-page');
const { overviewReceived } = await import('../clusters/overview-store');
const { filterRuns } = await import('./run-filter');

const overview = {
  files: [],
  clusters: [{ context: 'sandbox-runtime', cluster: 'runtime', user: 'u', server: 'https://x', file: 'f', authKind: 'token', group: 'runtime', namespace: 'team-a', isCurrent: true, status: { phase: 'ready', auth: 'ok' } }],
  currentContext: 'sandbox-runtime',
  profile: { state: 'none', namespaces: [] },
  shellEnvReady: true,
} as ClustersOverview;

const frame = () => act(async () => void (await new Promise((r) => setTimeout(r, 40))));

beforeAll(() => {
  installFlowTestEnv();
  // happy-dom has no layout: the log viewer gets a 400px viewport.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
});
afterEach(() => {
  calls.length = 0;
});

describe('RunPage', () => {
  it('shows the header, status in words, graph, timeline and the run log; cancels and re-runs', async () => {
    overviewReceived(overview);
    render(<RunPage tabId="t1" params={{ cluster: 'runtime', namespace: 'team-a', name: 'ci-1' }} />);
    const detail = runDetail(
      'sandbox-runtime',
      {
        metadata: { name: 'ci-1', namespace: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'pipe-events' }, annotations: { 'pipe.linecorp.com/repository': 'acme/app', 'pipe.linecorp.com/sha': '0123456789abcdef', 'pipe.linecorp.com/event': 'push' } },
        spec: { pipelineSpec: { tasks: [{ name: 'build' }, { name: 'test', runAfter: ['build'] }] } },
        status: { startTime: '2026-11-28T10:00:00Z', conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }] },
      },
      [{ metadata: { name: 'ci-1-build', labels: { 'tekton.dev/pipelineTask': 'build' } }, status: { startTime: '2026-11-28T10:00:01Z', podName: 'p', steps: [{ name: 'compile', container: 'step-compile', running: { startedAt: '2026-11-28T10:00:02Z' } }], conditions: [{ type: 'Succeeded', status: 'Unknown' }] } }],
    );
    await act(async () => streams.run!.next({ type: 'run', run: detail }));
    await act(async () => {
      streams.log!.next({ type: 'source', source: 0, task: 'build', step: 'compile', pod: 'p', container: 'step-compile', attempt: 0, isFinally: false });
      streams.log!.next({ type: 'lines', source: 0, texts: ['compiling', 'error: missing semicolon'], times: [1, 2] });
    });
    await frame();
    expect(screen.getByTestId('run-phase').textContent).toBe('Running');
    expect(screen.getByTestId('run-summary').textContent).toBe('Running (0 of 2 tasks done).');
    expect(screen.getByText('acme/app')).toBeTruthy();
    expect(screen.getByText('0123456789ab')).toBeTruthy();
    expect(document.querySelector('[data-graph-node="build"]')?.getAttribute('data-status')).toBe('running');
    expect(document.querySelector('[data-bar="build#0/compile"]')).toBeTruthy();
    expect(document.querySelector('.logv__src')?.textContent).toBe('[build › compile]');

    fireEvent.click(screen.getByText('Cancel'));
    await frame();
    expect(calls).toEqual([{ method: 'cancel', args: { context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-1' } }]);
    fireEvent.click(screen.getByText('Re-run'));
    await frame();
    expect(calls[1]).toEqual({ method: 'rerun', args: { context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-1' } });
  });

  it('shows one task’s log from the same stream: tabs with the run’s task states, or a click on its graph node or timeline row', async () => {
    overviewReceived(overview);
    render(<RunPage tabId="t5" params={{ cluster: 'runtime', namespace: 'team-a', name: 'ci-5' }} />);
    const taskRun = (task: string, status: 'True' | 'Unknown') => ({
      metadata: { name: `ci-5-${task}`, labels: { 'tekton.dev/pipelineTask': task } },
      status: { startTime: '2026-11-28T10:00:01Z', podName: task, steps: [{ name: 'main', container: 'step-main', running: { startedAt: '2026-11-28T10:00:02Z' } }], conditions: [{ type: 'Succeeded', status }] },
    });
    const detail = runDetail(
      'sandbox-runtime',
      { metadata: { name: 'ci-5', namespace: 'team-a' }, spec: { pipelineSpec: { tasks: [{ name: 'build' }, { name: 'lint' }] } }, status: { startTime: '2026-11-28T10:00:00Z', conditions: [{ type: 'Succeeded', status: 'Unknown' }] } },
      [taskRun('build', 'True'), taskRun('lint', 'Unknown')],
    );
    await act(async () => streams.run!.next({ type: 'run', run: detail }));
    const opened = streams.logOpened;
    await act(async () => {
      streams.log!.next({ type: 'source', source: 0, task: 'build', step: 'main', pod: 'build', container: 'step-main', attempt: 0, isFinally: false });
      streams.log!.next({ type: 'source', source: 1, task: 'lint', step: 'main', pod: 'lint', container: 'step-main', attempt: 0, isFinally: false });
      for (let i = 0; i < 3; i++) {
        streams.log!.next({ type: 'lines', source: 0, texts: [`build ${i}`], times: [null] });
        streams.log!.next({ type: 'lines', source: 1, texts: [`lint ${i}`], times: [null] });
      }
    });
    await frame();
    const texts = () => [...document.querySelectorAll('.logv__row .logv__text')].map((e) => e.textContent);
    const tabs = within(screen.getByRole('tablist', { name: 'Log of' }));
    expect(tabs.getAllByRole('tab').map((t) => t.textContent)).toEqual(['All', 'build', 'lint']);
    expect(tabs.getByRole('tab', { name: /build/ }).querySelector('.logv__dot')?.getAttribute('aria-label')).toBe('succeeded');
    expect(tabs.getByRole('tab', { name: /lint/ }).querySelector('.logv__dot')?.getAttribute('aria-label')).toBe('running');
    expect(texts()).toHaveLength(6);
    fireEvent.click(tabs.getByRole('tab', { name: /lint/ }));
    await frame();
    expect(texts()).toEqual(['lint 0', 'lint 1', 'lint 2']);
    expect(document.querySelector('.logv__src')?.textContent).toBe('[main]');
    fireEvent.click(document.querySelector('[data-graph-node="build"]')!);
    await frame();
    expect(texts()).toEqual(['build 0', 'build 1', 'build 2']);
    expect(tabs.getByRole('tab', { name: /build/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.querySelector('[data-graph-node="build"]')?.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(document.querySelector<HTMLElement>('[data-bar="lint#0"]')!).getByRole('button'));
    await frame();
    expect(texts()).toEqual(['lint 0', 'lint 1', 'lint 2']);
    expect(streams.logOpened).toBe(opened);
  });

  it('notifies when a watched run finishes, once the user asked for it — also after its tab closed', async () => {
    const shown: { title: string; body?: string; n: { onclick?: () => void } }[] = [];
    class FakeNotification {
      static permission = 'default';
      static requestPermission = async (): Promise<string> => (FakeNotification.permission = 'granted');
      onclick?: () => void;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, ...(options?.body ? { body: options.body } : {}), n: this });
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    overviewReceived(overview);
    const page = render(<RunPage tabId="t3" params={{ cluster: 'runtime', namespace: 'team-a', name: 'ci-2' }} />);
    const at = (status: 'Unknown' | 'True') =>
      runDetail('sandbox-runtime', { metadata: { name: 'ci-2', namespace: 'team-a' }, spec: { pipelineSpec: { tasks: [{ name: 'build' }] } }, status: { conditions: [{ type: 'Succeeded', status }] } }, []);
    await act(async () => streams.run!.next({ type: 'run', run: at('Unknown') }));
    const before = streams.runs.length;
    fireEvent.click(screen.getByText('Notify me when done'));
    await frame();
    expect(screen.getByText('Notifying when done')).toBeTruthy();
    const watcher = streams.runs.at(-1)!;
    expect(streams.runs.length).toBe(before + 1);
    expect(watcher.args).toEqual({ context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-2' });
    await act(async () => watcher.o.next({ type: 'run', run: at('Unknown') }));
    page.unmount();
    expect(shown).toEqual([]);
    await act(async () => watcher.o.next({ type: 'run', run: at('True') }));
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'ci-2 succeeded', body: 'ci-2' }]);
    expect(watcher.closed).toBe(true);
    vi.stubGlobal('Notification', undefined);
  });

  it('watches a re-run the user started when notifications are allowed, and reads sidecars on request', async () => {
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async (): Promise<string> => 'granted';
    }
    vi.stubGlobal('Notification', FakeNotification);
    overviewReceived(overview);
    render(<RunPage tabId="t4" params={{ cluster: 'runtime', namespace: 'team-a', name: 'ci-3' }} />);
    const run = runDetail('sandbox-runtime', { metadata: { name: 'ci-3', namespace: 'team-a' }, spec: { pipelineSpec: { tasks: [{ name: 'build' }] } }, status: { conditions: [{ type: 'Succeeded', status: 'False' }] } }, []);
    await act(async () => streams.run!.next({ type: 'run', run }));
    expect(streams.logArgs).toEqual({ context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-3' });
    fireEvent.click(screen.getByLabelText('Sidecars'));
    await frame();
    expect(streams.logArgs).toEqual({ context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-3', sidecars: true });
    fireEvent.click(screen.getByText('Re-run'));
    await frame();
    expect(streams.runs.some((s) => (s.args as { name: string }).name === 'ci-1-r-abcde')).toBe(true);
    vi.stubGlobal('Notification', undefined);
  });

  it('says so when the link names a cluster the user does not have', async () => {
    overviewReceived(overview);
    render(<RunPage tabId="t2" params={{ cluster: 'elsewhere', namespace: 'team-a', name: 'ci-1' }} />);
    expect(screen.getByRole('alert').textContent).toMatch(/No cluster named “elsewhere”/);
  });
});

describe('filterRuns', () => {
  it('filters by repository, status and trigger, newest first', () => {
    const row = (name: string, createdAt: number, extra: object = {}) => ({ uid: name, name, namespace: 'ns', createdAt, status: 'Succeeded' as const, context: 'c', ...extra });
    const rows = [row('a', 1, { trigger: { repository: 'acme.app', 'managed-by': 'pipe-events' } }), row('b', 3, { status: 'Failed' }), row('c', 2, { trigger: { repository: 'acme.app' } })];
    expect(filterRuns(rows, { text: '' }).map((r) => r.name)).toEqual(['b', 'c', 'a']);
    expect(filterRuns(rows, { text: '', repository: 'acme/app' }).map((r) => r.name)).toEqual(['c', 'a']);
    expect(filterRuns(rows, { text: '', trigger: 'manual' }).map((r) => r.name)).toEqual(['b']);
    expect(filterRuns(rows, { text: '', status: 'Failed' }).map((r) => r.name)).toEqual(['b']);
  });
});
