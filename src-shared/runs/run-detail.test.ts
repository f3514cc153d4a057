import { describe, expect, it } from 'vitest';
import { RERUN_OF_ANNOTATION, rerunOf, runDetail } from './run-detail';
import { runGraph } from './run-graph';
import type { PipelineRun, TaskRun } from './tekton-types';

const pr: PipelineRun = {
  metadata: {
    name: 'ci-abc12',
    namespace: 'team-a',
    creationTimestamp: '2026-11-28T10:00:00Z',
    labels: { 'app.kubernetes.io/managed-by': 'pipe-events', 'pipe.linecorp.com/pipeline': 'ci', 'tekton.dev/pipeline': 'ci-abc12' },
    annotations: { 'pipe.linecorp.com/repository': 'acme/app', 'pipe.linecorp.com/sha': 'deadbeef', 'pipe.linecorp.com/ref': 'refs/heads/main', 'pipe.linecorp.com/event': 'push', 'pipe.linecorp.com/sender': 'octocat' },
  },
  spec: {
    params: [{ name: 'branch', value: 'main' }],
    pipelineSpec: {
      tasks: [{ name: 'build' }, { name: 'test', runAfter: ['build'], params: [{ name: 'img', value: '$(tasks.build.results.digest)' }] }, { name: 'deploy', runAfter: ['test'] }],
      finally: [{ name: 'notify' }],
    },
  },
  status: { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed', message: 'Tasks Completed: 2 (Failed: 1)' }], startTime: '2026-11-28T10:00:01Z' },
};
const tr = (task: string, status: TaskRun['status']): TaskRun => ({ metadata: { name: `ci-abc12-${task}`, labels: { 'tekton.dev/pipelineTask': task } }, status });

describe('runDetail', () => {
  it('reads pipe-events meta, orders tasks, marks skipped ones and explains the failure in words', () => {
    const d = runDetail('ctx', pr, [
      tr('build', { conditions: [{ type: 'Succeeded', status: 'True' }], steps: [{ name: 'compile', container: 'step-compile', terminated: { exitCode: 0 } }] }),
      tr('test', {
        conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }],
        retriesStatus: [{ podName: 'test-pod', conditions: [{ type: 'Succeeded', status: 'False' }], steps: [{ name: 'unit', container: 'step-unit', terminated: { exitCode: 1, reason: 'Error' } }] }],
        podName: 'test-pod-retry1',
        steps: [{ name: 'unit', container: 'step-unit', terminated: { exitCode: 137, reason: 'OOMKilled' } }],
      }),
      tr('notify', { conditions: [{ type: 'Succeeded', status: 'True' }] }),
    ]);
    expect(d.meta).toMatchObject({ trigger: 'pipe-events', repository: 'acme/app', sha: 'deadbeef', event: 'push', sender: 'octocat', pipeline: 'ci' });
    expect(d.tasks.map((t) => `${t.name}:${t.phase}:${t.attempts.length}`)).toEqual(['build:Succeeded:1', 'test:Failed:2', 'deploy:Skipped:0', 'notify:Succeeded:1']);
    expect(d.summary).toBe('Failed. Task “test”, step “unit” failed (killed: out of memory). A step ran out of memory and was killed (OOMKilled). Raise its memory limit.');
    expect(d.params).toEqual([{ name: 'branch', value: 'main' }]);
  });

  it('says when a step never started because its image cannot be pulled', () => {
    const d = runDetail('ctx', { ...pr, status: { conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }] } }, [
      tr('build', { conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Pending' }], steps: [{ name: 'compile', container: 'step-compile', waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' } }] }),
    ]);
    expect(d.tasks[0]!.attempts[0]!.steps[0]).toMatchObject({ phase: 'waiting', reason: expect.stringMatching(/could not be pulled/) });
    expect(d.summary).toBe('Running (0 of 4 tasks done).');
  });

  it('marks a run created by hand and a cancel request', () => {
    const d = runDetail('ctx', { metadata: { name: 'x' }, spec: { status: 'CancelledRunFinally' }, status: { conditions: [{ type: 'Succeeded', status: 'Unknown' }] } }, []);
    expect(d.meta.trigger).toBe('manual');
    expect(d.summary).toBe('Cancelling — finally tasks still run.');
  });
});

describe('rerunOf', () => {
  it('keeps spec and params, drops status and Tekton labels, links the original', () => {
    const r = rerunOf({ ...pr, spec: { ...pr.spec, status: 'Cancelled' } });
    expect(r.metadata.generateName).toBe('ci-abc12-r-');
    expect(r.metadata.labels).not.toHaveProperty('tekton.dev/pipeline');
    expect(r.metadata.annotations[RERUN_OF_ANNOTATION]).toBe('ci-abc12');
    expect(r.spec).not.toHaveProperty('status');
    expect((r.spec as { params: unknown }).params).toEqual(pr.spec!.params);
  });
});

describe('runGraph', () => {
  it('builds nodes for tasks and finally, runAfter and result edges', () => {
    const g = runGraph(pr);
    expect(g.nodes.map((n) => `${n.id}:${n.section}`)).toEqual(['build:tasks', 'test:tasks', 'deploy:tasks', 'notify:finally']);
    expect(g.edges.map((e) => e.id)).toEqual(['build->test', 'test->deploy']);
  });
});
