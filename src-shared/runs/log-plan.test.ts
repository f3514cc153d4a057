import { describe, expect, it } from 'vitest';
import { logPlan } from './log-plan';
import { runPhase, type PipelineRun, type TaskRun } from './tekton-types';

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
});
