import { describe, expect, it } from 'vitest';
import { eventToRow, pipelineRunToRow, podToRow, runStatusOf, sameRow, taskRunToRow, triggerLabels, type KubeObject } from './row-projection';
import { describeObject } from './object-detail';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'team-a',
  uid: `uid-${name}`,
  resourceVersion: '42',
  creationTimestamp: '2026-01-02T03:04:05Z',
  ...extra,
});

// Shapes as the apiserver returns them (trimmed `kubectl get -o json` output).
const runningPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('web-1'),
  spec: { nodeName: 'kwok-node-0', containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 2, state: { running: { startedAt: '2026-01-02T03:05:00Z' } } },
      { name: 'sidecar', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  },
};

describe('pod rows', () => {
  it('projects phase, ready, restarts, node and kubectl-style status', () => {
    expect(podToRow(runningPod)).toEqual({
      uid: 'uid-web-1',
      name: 'web-1',
      namespace: 'team-a',
      createdAt: Date.parse('2026-01-02T03:04:05Z'),
      phase: 'Running',
      status: 'CrashLoopBackOff',
      ready: 1,
      containers: 2,
      restarts: 3,
      node: 'kwok-node-0',
    });
  });

  it('shows Pending for an unscheduled pod, Completed for a finished one, Terminating when deleting', () => {
    const pending = podToRow({ metadata: meta('p'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } });
    expect(pending).toMatchObject({ status: 'Pending', ready: 0, containers: 1, restarts: 0 });
    expect(pending.node).toBeUndefined();
    const done = podToRow({
      metadata: meta('d'),
      spec: { containers: [{ name: 'step-build' }] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'step-build', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    });
    expect(done.status).toBe('Completed');
    const deleting = podToRow({ ...runningPod, metadata: meta('x', { deletionTimestamp: '2026-01-02T04:00:00Z' }) });
    expect(deleting.status).toBe('Terminating');
  });

  it('shows init container progress and failures', () => {
    const init = podToRow({
      metadata: meta('i'),
      spec: { initContainers: [{ name: 'prepare' }, { name: 'place-scripts' }], containers: [{ name: 'step-a' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'prepare', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'place-scripts', state: { running: {} } },
        ],
      },
    });
    expect(init.status).toBe('Init:1/2');
    const failed = podToRow({
      metadata: meta('f'),
      spec: { initContainers: [{ name: 'prepare' }], containers: [{ name: 'a' }] },
      status: { phase: 'Failed', initContainerStatuses: [{ name: 'prepare', state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
    });
    expect(failed.status).toBe('Init:Error');
  });
});

describe('event rows', () => {
  it('uses the newest of series/lastTimestamp/eventTime and keeps type, reason, object', () => {
    const row = eventToRow({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web-1.17a'),
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'team-a' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container sidecar',
      type: 'Warning',
      count: 7,
      firstTimestamp: '2026-01-02T03:05:00Z',
      lastTimestamp: '2026-01-02T03:09:00Z',
    });
    expect(row).toMatchObject({ type: 'Warning', reason: 'BackOff', object: 'Pod/web-1', count: 7, lastSeen: Date.parse('2026-01-02T03:09:00Z') });
    const series = eventToRow({
      metadata: meta('e2'),
      involvedObject: { kind: 'Node', name: 'n' },
      eventTime: '2026-01-02T03:00:00.000000Z',
      series: { count: 4, lastObservedTime: '2026-01-02T03:30:00.000000Z' },
    });
    expect(series).toMatchObject({ type: 'Normal', count: 4, lastSeen: Date.parse('2026-01-02T03:30:00Z') });
  });
});

const run = (status: unknown, labels: Record<string, string> = {}, spec: unknown = { pipelineRef: { name: 'ci' } }): KubeObject => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'PipelineRun',
  metadata: meta('ci-run-1', { labels }),
  spec,
  status,
});

describe('PipelineRun / TaskRun rows', () => {
  it('maps the Succeeded condition to a status word', () => {
    const cond = (status: string, reason: string) => ({ conditions: [{ type: 'Succeeded', status, reason }], startTime: '2026-01-02T03:04:06Z' });
    expect(runStatusOf(run(cond('True', 'Succeeded'))).status).toBe('Succeeded');
    expect(runStatusOf(run(cond('False', 'Failed'))).status).toBe('Failed');
    expect(runStatusOf(run(cond('False', 'PipelineRunTimeout'))).status).toBe('Failed');
    expect(runStatusOf(run(cond('False', 'Cancelled'))).status).toBe('Cancelled');
    expect(runStatusOf(run(cond('False', 'StoppedRunFinally'))).status).toBe('Cancelled');
    expect(runStatusOf(run(cond('Unknown', 'Running'))).status).toBe('Running');
    expect(runStatusOf(run({ conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }] })).status).toBe('Pending');
    expect(runStatusOf(run(cond('Unknown', 'ResolvingPipelineRef'))).status).toBe('Pending');
    expect(runStatusOf(run(undefined))).toEqual({ status: 'Pending' });
    expect(runStatusOf(run(undefined, {}, { status: 'PipelineRunPending' }))).toEqual({ status: 'Pending', reason: 'PipelineRunPending' });
    expect(runStatusOf(run(undefined, {}, { status: 'Cancelled' })).status).toBe('Cancelled');
  });

  it('projects times, pipeline, and trigger labels with short keys', () => {
    const row = pipelineRunToRow(
      run(
        { conditions: [{ type: 'Succeeded', status: 'True', reason: 'Succeeded' }], startTime: '2026-01-02T03:04:06Z', completionTime: '2026-01-02T03:06:06Z' },
        {
          'tekton.dev/pipeline': 'ci',
          'triggers.tekton.dev/eventlistener': 'github',
          'triggers.tekton.dev/trigger': 'push',
          'triggers.tekton.dev/triggers-eventid': 'abc',
          'pipe.linecorp.com/event': 'push',
          'app.kubernetes.io/name': 'ignored',
        },
      ),
    );
    expect(row).toMatchObject({
      status: 'Succeeded',
      reason: 'Succeeded',
      parent: 'ci',
      startedAt: Date.parse('2026-01-02T03:04:06Z'),
      completedAt: Date.parse('2026-01-02T03:06:06Z'),
      trigger: { eventlistener: 'github', trigger: 'push', eventid: 'abc', event: 'push' },
    });
    const tr = taskRunToRow({
      ...run({ conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }], startTime: '2026-01-02T03:04:07Z' }, { 'tekton.dev/pipelineRun': 'ci-run-1', 'tekton.dev/pipelineTask': 'build' }),
      kind: 'TaskRun',
    });
    expect(tr).toMatchObject({ status: 'Running', parent: 'ci-run-1', task: 'build' });
    expect(triggerLabels(undefined)).toBeUndefined();
    expect(triggerLabels({ a: 'b' })).toBeUndefined();
  });

  it('compares rows by value so unchanged rows are not re-sent', () => {
    const a = pipelineRunToRow(run(undefined, { 'triggers.tekton.dev/trigger': 'push' }));
    const b = pipelineRunToRow(run(undefined, { 'triggers.tekton.dev/trigger': 'push' }));
    const c = pipelineRunToRow(run(undefined, { 'triggers.tekton.dev/trigger': 'pr' }));
    expect(sameRow(a, b)).toBe(true);
    expect(sameRow(a, c)).toBe(false);
    expect(sameRow(podToRow(runningPod), { ...podToRow(runningPod), restarts: 4 })).toBe(false);
  });
});

describe('object detail', () => {
  it('drops managedFields, lists conditions and owner links to known tables', () => {
    const d = describeObject(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta('ci-run-1-build-pod'),
          labels: { 'tekton.dev/taskRun': 'ci-run-1-build' },
          managedFields: [{ manager: 'kubectl' }],
          ownerReferences: [{ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: 'ci-run-1-build', uid: 'u1', controller: true }, { apiVersion: 'x/v1', kind: 'Thing', name: 't' }],
        } as KubeObject['metadata'],
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' }] },
      },
      'Pod',
    );
    expect(d.yaml).not.toMatch(/managedFields/);
    expect(d.yaml).toMatch(/name: ci-run-1-build-pod/);
    expect(d.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' }]);
    expect(d.owners).toEqual([
      { kind: 'TaskRun', name: 'ci-run-1-build', uid: 'u1', resource: 'taskruns', controller: true },
      { kind: 'Thing', name: 't' },
    ]);
    expect(d.labels).toEqual({ 'tekton.dev/taskRun': 'ci-run-1-build' });
  });
});
