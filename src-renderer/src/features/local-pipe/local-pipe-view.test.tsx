import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { LocalPipeStatus } from '../../../../src-shared/contract/local-pipe';

// A fake host: the test pushes statuses and log lines and sees which calls the view makes.
let status: StreamObserver<LocalPipeStatus> | undefined;
let log: StreamObserver<{ lines: string[] }> | undefined;
const calls: string[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    localPipe: {
      status: (_a: unknown, o: StreamObserver<LocalPipeStatus>) => ((status = o), () => (status = undefined)),
      log: (_a: unknown, o: StreamObserver<{ lines: string[] }>) => ((log = o), () => (log = undefined)),
      start: () => (calls.push('start'), Promise.resolve({ started: true })),
      cancel: () => (calls.push('cancel'), Promise.resolve({ cancelled: true })),
      stop: () => (calls.push('stop'), Promise.resolve({ stopped: true })),
    },
  }),
}));

const { LocalPipeView } = await import('./local-pipe-view');

afterEach(() => {
  calls.length = 0;
});

describe('Local PIPE view', () => {
  it('starts, shows the build progress and its log with the cold-build note, cancels, then shows the running PIPE', async () => {
    render(<LocalPipeView />);
    act(() => {
      status!.next({ state: 'stopped', needsBuild: false });
      log!.next({ lines: [] });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a local PIPE' }));
    await vi.waitFor(() => expect(calls).toEqual(['start']));

    act(() => {
      status!.next({ state: 'building', needsBuild: true, build: { done: 2, total: 8, current: 'kube-apiserver' } });
      log!.next({ lines: ['✓ etcd v3.6.16 built in 40.0 s', '▶ building kube-apiserver v1.36.3 …'] });
    });
    const bar = screen.getByRole('progressbar', { name: 'Build progress' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([2, 8]);
    expect(screen.getByTestId('local-pipe-step').textContent).toBe('2 of 8 built — now kube-apiserver');
    expect(screen.getByText(/takes several minutes/)).toBeTruthy();
    expect(screen.getByTestId('local-pipe-log').textContent).toBe('✓ etcd v3.6.16 built in 40.0 s\n▶ building kube-apiserver v1.36.3 …');
    act(() => log!.next({ lines: ['  kube-apiserver: compiling'] }));
    expect(screen.getByTestId('local-pipe-log').textContent).toMatch(/…\n {2}kube-apiserver: compiling$/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await vi.waitFor(() => expect(calls).toEqual(['start', 'cancel']));

    act(() => status!.next({ state: 'running', needsBuild: true, profileName: 'pipe-sandbox', username: 'dev@pipe.example' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('The local PIPE is running. Signed in as dev@pipe.example.');
    fireEvent.click(screen.getByRole('button', { name: 'Stop the local PIPE' }));
    await vi.waitFor(() => expect(calls).toEqual(['start', 'cancel', 'stop']));
  });

  it('without Go shows the one message saying what to install, and offers to try again', () => {
    render(<LocalPipeView />);
    act(() => status!.next({ state: 'unavailable', needsBuild: true, message: 'A local PIPE needs etcd … Install Go 1.25 or newer (https://go.dev/dl) …' }));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['A local PIPE needs etcd … Install Go 1.25 or newer (https://go.dev/dl) …']);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
