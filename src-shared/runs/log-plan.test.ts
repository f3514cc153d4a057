import { describe, expect, it } from 'vitest';
import { failedInitContainers, hasUnstartedSteps, logPlan } from './log-plan';
import { runPhase, type PipelineRun, type PodInitStatus, type TaskRun } from './tekton-types';

const pr: PipelineRun = {
  metadata: { name: 'run-1' },
  spec: {
    pipelineSpec: {
      tasks: [{ name: 'build' }, { name: 'test', runAfter: ['build'] }],
      finally: [{ name: 'notify' }],
    },
  },
};

const tr = (task: string, extra: TaskRun['status'] = {}, created = '2026-11-28T10:00:00Z'): TaskRun => ({
  metadata: { name: `run-1-${task}`, creationTimestamp: created, labels: { 'tekton.dev/pipelineTask': task } },
  status: { podName: `run-1-${task}-pod`, ...extra },
});

describe('logPlan', () => {
  it('orders tasks by the pipeline, then finally, whatever order the TaskRuns come in', () => {
    const plan = logPlan(pr, [
      tr('notify', { steps: [{ name: 'send', container: 'step-send' }] }),
      tr('test', { steps: [{ name: 'unit', container: 'step-unit' }] }),
      tr('build', { steps: [{ name: 'compile', container: 'step-compile' }, { name: 'unnamed-1', container: 'step-unnamed-1' }] }),
    ]);
    expect(plan.map((s) => `${s.task}:${s.container}:${s.isFinally}`)).toEqual([
      'build:step-compile:false',
      'build:step-unnamed-1:false',
      'test:step-unit:false',
      'notify:step-send:true',
    ]);
  });

  it('puts the pods of earlier retries first, then the current attempt', () => {
    const plan = logPlan(pr, [
      tr('build', {
        podName: 'b-retry2',
        steps: [{ name: 'compile', container: 'step-compile', running: {} }],
        retriesStatus: [{ podName: 'b-retry0' }, { podName: 'b-retry1' }],
        taskSpec: { steps: [{ name: 'compile' }] },
      }),
    ]);
    expect(plan.map((s) => [s.pod, s.attempt, s.ended])).toEqual([
      ['b-retry0', 0, true],
      ['b-retry1', 1, true],
      ['b-retry2', 2, false],
    ]);
  });

  it('derives container names from the task spec before Tekton reports steps (named and unnamed)', () => {
    const plan = logPlan(pr, [{ metadata: { name: 'x', labels: { 'tekton.dev/pipelineTask': 'build' } }, spec: { taskSpec: { steps: [{ name: 'a' }, {}] } }, status: { podName: 'x-pod' } }]);
    expect(plan.map((s) => s.container)).toEqual(['step-a', 'step-unnamed-1']);
  });

  it('marks ended steps and says why a step never started', () => {
    const plan = logPlan(pr, [
      tr('build', {
        steps: [
          { name: 'one', container: 'step-one', terminated: { exitCode: 0 } },
          { name: 'two', container: 'step-two', waiting: { reason: 'ImagePullBackOff' } },
        ],
      }),
    ]);
    expect(plan.map((s) => [s.ended, s.waitingReason])).toEqual([
      [true, undefined],
      [false, 'ImagePullBackOff'],
    ]);
  });

  it('reads phases from the Succeeded condition', () => {
    expect(runPhase({ status: { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Cancelled' }] } })).toBe('Cancelled');
    expect(runPhase({ status: { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }] } })).toBe('Failed');
    expect(runPhase({ status: { conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }] } })).toBe('Running');
    expect(runPhase({})).toBe('Pending');
  });

  it('adds sidecars after the steps only when asked for', () => {
    const build = tr('build', { steps: [{ name: 'compile', container: 'step-compile', running: {} }], sidecars: [{ name: 'docker', container: 'sidecar-docker', running: {} }, { name: 'db', terminated: { exitCode: 0 } }] });
    expect(logPlan(pr, [build]).map((s) => s.container)).toEqual(['step-compile']);
    const plan = logPlan(pr, [build], { sidecars: true });
    expect(plan.map((s) => [s.container, s.step, s.kind, s.ended])).toEqual([
      ['step-compile', 'compile', undefined, false],
      ['sidecar-docker', 'sidecar docker', 'sidecar', false],
      ['sidecar-db', 'sidecar db', 'sidecar', true],
    ]);
  });

  it('puts an init container that failed before the steps of its pod, and says when its image cannot be pulled', () => {
    const build = tr('build', { steps: [{ name: 'compile', container: 'step-compile', waiting: { reason: 'PodInitializing' } }] });
    const pod = (statuses: NonNullable<PodInitStatus['status']>['initContainerStatuses']): Map<string, PodInitStatus> => new Map([['run-1-build-pod', { metadata: { name: 'run-1-build-pod' }, status: { initContainerStatuses: statuses } }]]);
    expect(hasUnstartedSteps(build)).toBe(true);
    const crashed = logPlan(pr, [build], { pods: pod([{ name: 'prepare', state: { terminated: { exitCode: 0 } } }, { name: 'place-scripts', state: { terminated: { exitCode: 2, reason: 'Error' } } }]) });
    expect(crashed.map((s) => [s.container, s.step, s.kind, s.ended])).toEqual([
      ['place-scripts', 'init place-scripts', 'init', true],
      ['step-compile', 'compile', undefined, false],
    ]);
    const looping = logPlan(pr, [build], { pods: pod([{ name: 'prepare', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }]) });
    expect(looping[0]).toMatchObject({ container: 'prepare', kind: 'init', ended: false });
    const pull = logPlan(pr, [build], { pods: pod([{ name: 'prepare', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' } } }]) });
    expect(pull[0]).toMatchObject({ container: 'prepare', waitingReason: 'ImagePullBackOff: Back-off pulling image "nope"' });
    // Healthy or still running init containers are not part of the log.
    expect(failedInitContainers({ metadata: { name: 'p' }, status: { initContainerStatuses: [{ name: 'prepare', state: { terminated: { exitCode: 0 } } }, { name: 'place-scripts', state: { waiting: { reason: 'PodInitializing' } } }] } })).toEqual([]);
    expect(hasUnstartedSteps(tr('build', { steps: [{ name: 'compile', container: 'step-compile', running: {} }] }))).toBe(false);
  });
});
