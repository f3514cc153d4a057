// The page's side of run notifications: in the desktop app the host notifies (the page asks it to watch and never
// shows a Web Notification itself); in browser mode the page watches, asks for permission only on a click, survives a
// dropped connection and announces a run once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { RunNotificationsState } from '../../../../src-shared/contract/run-notifications';
import type { RunDetail, RunRef, RunWatchEvent } from '../../../../src-shared/contract/runs';
import { RpcError } from '../../../../src-shared/contract/errors';
import { runDetailFixture } from '../../../../src-shared/runs/testing/run-detail-fixture';

const hostCalls: { method: string; args: RunRef }[] = [];
let stateObserver: StreamObserver<RunNotificationsState> | undefined;
const runStreams: { args: RunRef; o: StreamObserver<RunWatchEvent>; closed: boolean }[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    runNotifications: {
      state: (_: unknown, o: StreamObserver<RunNotificationsState>) => ((stateObserver = o), () => (stateObserver = undefined)),
      watch: async (args: RunRef) => (hostCalls.push({ method: 'watch', args }), { watching: true }),
      stop: async (args: RunRef) => (hostCalls.push({ method: 'stop', args }), { stopped: true }),
    },
    runs: {
      watchRun: (args: RunRef, o: StreamObserver<RunWatchEvent>) => {
        const s = { args, o, closed: false };
        runStreams.push(s);
        return () => void (s.closed = true);
      },
    },
  }),
}));

const { isNotifying, useRunNotification, notifyIfAllowed, notifyWhenDone, resetRunNotifications } = await import('./run-notification');

const target = { context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-7', cluster: 'runtime' };
const ref = { context: 'sandbox-runtime', namespace: 'team-a', name: 'ci-7' };

const run = (phase: RunDetail['phase']): RunDetail => runDetailFixture({ ...ref, phase });

const shown: { title: string; body?: string }[] = [];
const prompts: string[] = [];
function fakeNotifications(permission: string): void {
  class FakeNotification {
    static permission = permission;
    static requestPermission = async (): Promise<string> => (prompts.push('asked'), (FakeNotification.permission = 'granted'));
    onclick?: () => void;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, ...(options?.body ? { body: options.body } : {}) });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
}

function Toggle() {
  const n = useRunNotification(target);
  return n.available ? (
    <button type="button" aria-pressed={n.watching} onClick={n.toggle}>
      {n.watching ? 'Notifying when done' : 'Notify me when done'}
    </button>
  ) : (
    <p>no notifications</p>
  );
}

const settle = () => act(async () => void (await Promise.resolve()));

afterEach(() => {
  resetRunNotifications();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  hostCalls.length = 0;
  runStreams.length = 0;
  shown.length = 0;
  prompts.length = 0;
});

describe('run notifications in the desktop app (the host notifies)', () => {
  it('asks the host to watch, follows its state, never prompts and never shows a notification itself', async () => {
    fakeNotifications('default');
    render(<Toggle />);
    act(() => stateObserver!.next({ desktop: true, runs: [] }));
    fireEvent.click(screen.getByText('Notify me when done'));
    await settle();
    expect(hostCalls).toEqual([{ method: 'watch', args: ref }]);
    expect(prompts).toEqual([]);
    expect(runStreams).toEqual([]);
    act(() => stateObserver!.next({ desktop: true, runs: [ref] }));
    expect(screen.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    // The host announced it and dropped it from its list.
    act(() => stateObserver!.next({ desktop: true, runs: [] }));
    expect(screen.getByText('Notify me when done')).toBeTruthy();
    notifyIfAllowed(target);
    await settle();
    expect(hostCalls.map((c) => c.method)).toEqual(['watch', 'watch']);
    expect(shown).toEqual([]);
  });

  it('hands a watch the page started before it heard from the host over to the host: one notifier, not two', async () => {
    fakeNotifications('granted');
    render(<Toggle />);
    notifyWhenDone(target);
    expect(runStreams).toHaveLength(1);
    act(() => stateObserver!.next({ desktop: true, runs: [] }));
    await settle();
    expect(runStreams[0]!.closed).toBe(true);
    expect(hostCalls).toEqual([{ method: 'watch', args: ref }]);
    runStreams[0]!.o.next({ type: 'run', run: run('Running') });
    runStreams[0]!.o.next({ type: 'run', run: run('Succeeded') });
    expect(shown).toEqual([]);
  });
});

describe('run notifications in browser mode (the page notifies)', () => {
  it('prompts only on the click, then announces the finished run once with the shared text — also across a dropped connection', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fakeNotifications('default');
    render(<Toggle />);
    act(() => stateObserver!.next({ desktop: false, runs: [] }));
    notifyIfAllowed(target);
    expect(prompts).toEqual([]);
    expect(runStreams).toEqual([]);
    fireEvent.click(screen.getByText('Notify me when done'));
    await settle();
    expect(prompts).toEqual(['asked']);
    expect(hostCalls).toEqual([]);
    expect(runStreams.map((s) => s.args)).toEqual([ref]);
    act(() => runStreams[0]!.o.next({ type: 'run', run: run('Running') }));
    expect(screen.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    // The connection drops; the run finishes meanwhile; the page watches again and sees it finished.
    act(() => runStreams[0]!.o.end!(new RpcError('unavailable', 'Connection to the host was lost.')));
    act(() => void vi.advanceTimersByTime(500));
    expect(runStreams).toHaveLength(2);
    act(() => runStreams[1]!.o.next({ type: 'run', run: run('Failed') }));
    act(() => runStreams[1]!.o.next({ type: 'run', run: run('Failed') }));
    expect(shown).toEqual([{ title: 'ci failed', body: 'acme/app · branch main\nTask “test”, step “unit” failed (exit code 1).' }]);
    expect(runStreams[1]!.closed).toBe(true);
    expect(screen.getByText('Notify me when done')).toBeTruthy();
  });

  it('does not announce a run already finished when first seen, and stops on any other end of the watch', () => {
    fakeNotifications('granted');
    notifyWhenDone(target);
    runStreams[0]!.o.next({ type: 'run', run: run('Succeeded') });
    notifyWhenDone({ ...target, name: 'ci-8' });
    runStreams[1]!.o.next({ type: 'run', run: { ...run('Running'), name: 'ci-8' } });
    runStreams[1]!.o.end!(new RpcError('forbidden', 'no'));
    expect(runStreams[0]!.closed).toBe(true);
    expect([isNotifying(ref), isNotifying({ ...ref, name: 'ci-8' })]).toEqual([false, false]);
    expect(shown).toEqual([]);
  });

  it('offers nothing where notifications are denied', () => {
    fakeNotifications('denied');
    render(<Toggle />);
    act(() => stateObserver!.next({ desktop: false, runs: [] }));
    expect(screen.getByText('no notifications')).toBeTruthy();
  });
});
