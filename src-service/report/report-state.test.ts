import { describe, expect, it } from 'vitest';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import { checkRunOf, commitStateOf, deploymentSteps, reportStateOf } from './report-state';

const run = (
  spec: PipelineRun['spec'],
  cond?: { status: 'True' | 'False' | 'Unknown'; reason?: string },
): PipelineRun => ({
  metadata: { name: 'r' },
  spec,
  ...(cond ? { status: { conditions: [{ type: 'Succeeded', ...cond }] } } : {}),
});

describe('report state', () => {
  it('reads pending, running and outcomes from the run', () => {
    expect(reportStateOf(run({ status: 'PipelineRunPending' }))).toBe('queued');
    expect(reportStateOf(run({}))).toBe('in_progress');
    expect(reportStateOf(run({}, { status: 'Unknown', reason: 'Running' }))).toBe('in_progress');
    expect(reportStateOf(run({}, { status: 'True', reason: 'Succeeded' }))).toBe('success');
    expect(reportStateOf(run({}, { status: 'False', reason: 'Failed' }))).toBe('failure');
    expect(reportStateOf(run({ status: 'Cancelled' }, { status: 'False', reason: 'Cancelled' }))).toBe(
      'cancelled',
    );
  });

  it('maps to commit statuses and check runs', () => {
    expect(
      ['queued', 'in_progress', 'success', 'failure', 'cancelled'].map((s) => commitStateOf(s as never)),
    ).toEqual(['pending', 'pending', 'success', 'failure', 'error']);
    expect(checkRunOf('queued')).toEqual({ status: 'queued' });
    expect(checkRunOf('failure')).toEqual({ status: 'completed', conclusion: 'failure' });
  });

  it('fills skipped deployment steps and never goes back', () => {
    expect(deploymentSteps(undefined, 'queued')).toEqual(['queued']);
    expect(deploymentSteps(undefined, 'success')).toEqual(['queued', 'in_progress', 'success']);
    expect(deploymentSteps('queued', 'failure')).toEqual(['in_progress', 'failure']);
    expect(deploymentSteps('in_progress', 'cancelled')).toEqual(['error']);
    expect(deploymentSteps('success', 'success')).toEqual([]);
  });
});
