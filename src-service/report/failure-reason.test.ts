import { describe, expect, it } from 'vitest';
import { runReason, stepFailureOf, stepReason, type StepState, type TaskRun } from './failure-reason';

/** A failed TaskRun shaped like Tekton v1's status (steps copied from the pod's container states). */
function taskRun(
  steps: StepState[],
  condition: { reason: string; message?: string },
  timeout?: string,
): TaskRun {
  return {
    metadata: { name: 'r-build-abc', labels: { 'tekton.dev/pipelineTask': 'build' } },
    ...(timeout ? { spec: { timeout } } : {}),
    status: {
      podName: 'r-build-abc-pod',
      conditions: [{ type: 'Succeeded', status: 'False', ...condition }],
      steps,
    },
  };
}

const ok: StepState = {
  name: 'fetch',
  container: 'step-fetch',
  terminated: { exitCode: 0, reason: 'Completed' },
};

describe('stepReason', () => {
  it('says exit code, OOMKilled, image pull error and cancellation in plain words', () => {
    expect(stepReason({ terminated: { exitCode: 2, reason: 'Error' } })).toBe('exited with code 2');
    expect(stepReason({ terminated: { exitCode: 137, reason: 'OOMKilled' } })).toBe(
      'killed: out of memory (OOMKilled, exit code 137)',
    );
    expect(stepReason({ terminated: { exitCode: 1, reason: 'TaskRunCancelled' } })).toBe(
      'stopped: the run was cancelled',
    );
    expect(stepReason({ terminated: { exitCode: 1, reason: 'TaskRunTimeout' } })).toBe(
      'stopped: the task timed out',
    );
    expect(
      stepReason({
        waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/x/y:nope"' },
      }),
    ).toBe('image pull error (ImagePullBackOff): Back-off pulling image "ghcr.io/x/y:nope"');
    expect(stepReason({ terminated: { exitCode: 0, reason: 'Completed' } })).toBeUndefined();
    expect(stepReason({ running: {} })).toBeUndefined();
  });
});

describe('stepFailureOf', () => {
  it('names the first failing step (later steps of a failed task exit non-zero too)', () => {
    const f = stepFailureOf(
      taskRun(
        [
          ok,
          { name: 'compile', container: 'step-compile', terminated: { exitCode: 3, reason: 'Error' } },
          { name: 'publish', container: 'step-publish', terminated: { exitCode: 1, reason: 'Error' } },
        ],
        { reason: 'Failed', message: '"step-compile" exited with code 3' },
      ),
    );
    expect(f).toEqual({
      task: 'build',
      taskRun: 'r-build-abc',
      pod: 'r-build-abc-pod',
      step: 'compile',
      container: 'step-compile',
      reason: 'exited with code 3',
    });
  });

  it('a timeout wins over the exit code of the step it stopped', () => {
    const f = stepFailureOf(
      taskRun(
        [ok, { name: 'test', container: 'step-test', terminated: { exitCode: 1, reason: 'Error' } }],
        { reason: 'TaskRunTimeout', message: 'TaskRun "r-build-abc" failed to finish within "10m0s"' },
        '10m0s',
      ),
    );
    expect(f.reason).toBe('timed out after 10m0s');
    expect(f.step).toBe('test');
  });

  it('image pull failures reported on the condition name the waiting step', () => {
    const f = stepFailureOf(
      taskRun(
        [
          {
            name: 'build',
            container: 'step-build',
            waiting: { reason: 'ImagePullBackOff', message: 'no such image' },
          },
        ],
        {
          reason: 'TaskRunImagePullFailed',
          message: 'the step "build" in TaskRun "r-build-abc" failed to pull the image "ghcr.io/acme/none:1"',
        },
      ),
    );
    expect(f.reason).toBe(
      'image pull error: the step "build" in TaskRun "r-build-abc" failed to pull the image "ghcr.io/acme/none:1"',
    );
    expect(f.container).toBe('step-build');
  });

  it('OOMKilled and cancelled tasks', () => {
    expect(
      stepFailureOf(
        taskRun(
          [{ name: 'link', container: 'step-link', terminated: { exitCode: 137, reason: 'OOMKilled' } }],
          { reason: 'Failed' },
        ),
      ).reason,
    ).toBe('killed: out of memory (OOMKilled, exit code 137)');
    expect(
      stepFailureOf(taskRun([], { reason: 'TaskRunCancelled', message: 'cancelled by the PipelineRun' }))
        .reason,
    ).toBe('cancelled');
  });

  it('a task with no step state (failed before running) has no step and keeps its condition message on one line', () => {
    const f = stepFailureOf(
      taskRun([], { reason: 'CreateContainerConfigError', message: 'secret "x"\nnot found' }),
    );
    expect(f.step).toBeUndefined();
    expect(f.reason).toBe('failed (CreateContainerConfigError): secret "x" not found');
  });
});

describe('runReason', () => {
  it('plain words for the run as a whole', () => {
    expect(runReason({ type: 'Succeeded', status: 'False', reason: 'PipelineRunTimeout' })).toBe(
      'the pipeline timed out',
    );
    expect(runReason({ type: 'Succeeded', status: 'False', reason: 'Cancelled' })).toBe(
      'the run was cancelled',
    );
    expect(
      runReason({
        type: 'Succeeded',
        status: 'False',
        reason: 'Failed',
        message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0',
      }),
    ).toBe('Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0');
    expect(
      runReason({ type: 'Succeeded', status: 'False', reason: 'PipelineValidationFailed', message: 'bad' }),
    ).toBe('PipelineValidationFailed: bad');
    expect(runReason(undefined)).toBe('failed');
  });
});
