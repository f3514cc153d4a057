import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { LogEvent } from '../../../../src-shared/contract/logs';
import type { RunDetail } from '../../../../src-shared/contract/runs';

const created: unknown[] = [];
const follows: { args: { container: string }; closed: boolean; o: StreamObserver<LogEvent> }[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    terminal: {
      // Refused, so no xterm is built: the test reads what the renderer asked for.
      create: async (args: unknown) => {
        created.push(args);
        throw new Error('not in this test');
      },
    },
    logs: {
      followContainer: (args: { container: string }, o: StreamObserver<LogEvent>) => {
        const f = { args, closed: false, o };
        follows.push(f);
        return () => void (f.closed = true);
      },
    },
  }),
}));

const { PodActions } = await import('./pod-actions');
const { containerNames } = await import('./pod-log-dialog');
const { RunStepShells, runningSteps } = await import('./run-step-shells');

const POD_YAML = `apiVersion: v1
kind: Pod
metadata: { name: build-pod }
spec:
  initContainers: [{ name: prepare, image: busybox }]
  containers:
    - { name: step-build, image: busybox }
    - { name: step-test, image: busybox }
`;

afterEach(() => {
  cleanup();
  created.length = 0;
  follows.length = 0;
});

describe('containerNames', () => {
  it('lists init containers first, then the others; unreadable YAML gives none', () => {
    expect(containerNames(POD_YAML)).toEqual(['prepare', 'step-build', 'step-test']);
    expect(containerNames('spec: [unclosed')).toEqual([]);
    expect(containerNames('a: &x [*x]')).toEqual([]);
    expect(containerNames('')).toEqual([]);
  });
});

describe('PodActions (a pod’s details)', () => {
  it('Shell execs and Attach attaches, in a dock terminal, with the pod as target', async () => {
    render(<PodActions context="runtime" namespace="team-a" pod="build-pod" podYaml={POD_YAML} />);
    fireEvent.click(screen.getByRole('button', { name: 'Shell' }));
    await waitFor(() => expect(created).toHaveLength(1), { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Attach' }));
    await waitFor(() => expect(created).toHaveLength(2), { timeout: 20_000 });
    expect(created[0]).toMatchObject({ pod: { context: 'runtime', namespace: 'team-a', pod: 'build-pod' } });
    expect((created[0] as { pod: { mode?: string } }).pod.mode).toBeUndefined();
    expect(created[1]).toMatchObject({ pod: { context: 'runtime', namespace: 'team-a', pod: 'build-pod', mode: 'attach' } });
  });

  it('Logs waits for the pod’s YAML, then follows the last container in the log viewer; switching and closing end the stream', async () => {
    const { rerender } = render(<PodActions context="runtime" namespace="team-a" pod="build-pod" />);
    expect((screen.getByRole('button', { name: 'Logs' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<PodActions context="runtime" namespace="team-a" pod="build-pod" podYaml={POD_YAML} />);
    fireEvent.click(screen.getByRole('button', { name: 'Logs' }));
    await screen.findByRole('dialog', { name: 'Log of build-pod' }, { timeout: 20_000 });
    expect(follows.map((f) => f.args)).toEqual([{ context: 'runtime', namespace: 'team-a', pod: 'build-pod', container: 'step-test' }]);
    fireEvent.change(screen.getByRole('combobox', { name: 'Container' }), { target: { value: 'prepare' } });
    await waitFor(() => expect(follows).toHaveLength(2));
    expect(follows[0]!.closed).toBe(true);
    expect(follows[1]!.args.container).toBe('prepare');
    act(() => follows[1]!.o.end?.({ code: 'not-found', message: 'pods "build-pod" not found' } as never));
    expect(await screen.findByText('pods "build-pod" not found')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close log' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(follows[1]!.closed).toBe(true);
  });

  it('shows nothing for a pod without a namespace', () => {
    const { container } = render(<PodActions context="runtime" namespace={undefined} pod="x" />);
    expect(container.textContent).toBe('');
  });
});

describe('RunStepShells (run page)', () => {
  const run = {
    tasks: [
      { name: 'build', attempts: [{ pod: 'old-pod', phase: 'Failed', steps: [{ name: 'compile', container: 'step-compile', phase: 'running' }] }, { pod: 'build-pod', phase: 'Running', steps: [{ name: 'compile', container: 'step-compile', phase: 'succeeded' }, { name: 'test', container: 'step-test', phase: 'running' }] }] },
      { name: 'lint', attempts: [{ phase: 'Running', steps: [{ name: 'lint', container: 'step-lint', phase: 'running' }] }] },
      { name: 'deploy', attempts: [] },
    ],
  } as unknown as Pick<RunDetail, 'tasks'>;

  it('offers a shell into each running step of the current attempt, none for ended steps, retries or pods not known yet', async () => {
    expect(runningSteps(run)).toEqual([{ task: 'build', step: 'test', pod: 'build-pod', container: 'step-test' }]);
    render(<RunStepShells run={run} context="runtime" namespace="team-a" />);
    fireEvent.click(screen.getByRole('button', { name: 'Shell: build › test' }));
    await waitFor(() => expect(created).toHaveLength(1), { timeout: 20_000 });
    expect(created[0]).toMatchObject({ pod: { context: 'runtime', namespace: 'team-a', pod: 'build-pod', container: 'step-test' } });
  });

  it('renders nothing when no step runs', () => {
    const { container } = render(<RunStepShells run={{ tasks: [] }} context="runtime" namespace="team-a" />);
    expect(container.textContent).toBe('');
  });
});
