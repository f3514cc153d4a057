import { describe, expect, it } from 'vitest';
import { COMPLETE_AFTER_ANNOTATION, criLogLine, FAIL_ANNOTATION, KEEP_RUNNING_ANNOTATION, taskRunStages } from './kwok.js';

const podComplete = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  metadata: { name: 'pod-complete' },
  spec: {
    selector: { matchExpressions: [{ key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] }] },
    next: { statusTemplate: 'state:\n  terminated:\n    exitCode: 0\n    reason: Completed\nphase: Succeeded' },
  },
};

describe('taskRunStages', () => {
  it('derives success and failure stages for TaskRun-owned pods', () => {
    const [ok, fail] = taskRunStages(podComplete);
    expect(ok?.metadata?.name).toBe('pod-complete-taskrun');
    expect(ok?.spec.selector.matchExpressions).toEqual([
      { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['TaskRun'] },
      { key: `.metadata.annotations["${KEEP_RUNNING_ANNOTATION}"]`, operator: 'DoesNotExist' },
      { key: `.metadata.annotations["${FAIL_ANNOTATION}"]`, operator: 'DoesNotExist' },
    ]);
    expect(ok?.spec.delay).toMatchObject({ durationFrom: { expressionFrom: `.metadata.annotations["${COMPLETE_AFTER_ANNOTATION}"]` } });
    expect(fail?.spec.selector.matchExpressions.at(-1)).toEqual({ key: `.metadata.annotations["${FAIL_ANNOTATION}"]`, operator: 'Exists' });
    expect(fail?.spec.next.statusTemplate).toContain('exitCode: 1');
    expect(fail?.spec.next.statusTemplate).toContain('phase: Failed');
    expect(podComplete.spec.selector.matchExpressions[0]?.values).toEqual(['Job']);
  });

  it('formats CRI log lines', () => {
    expect(criLogLine('hi', 'stdout', new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z stdout F hi\n');
  });
});
