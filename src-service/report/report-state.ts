// What GitHub is told about a run: one state per step, mapped to commit statuses, check runs and deployment statuses.
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { CheckRunFields, CommitState, DeploymentState } from '../github/github-api';
import { runState } from '../runtime/run-metadata';

/** Reported states in life-cycle order. */
export type ReportState = 'queued' | 'in_progress' | 'success' | 'failure' | 'cancelled';

/** Position in the life cycle (deployment statuses never go backwards). */
export const REPORT_ORDER: Readonly<Record<ReportState, number>> = {
  queued: 0,
  in_progress: 1,
  success: 2,
  failure: 2,
  cancelled: 2,
};

/** The state to report for a run right now. */
export function reportStateOf(run: PipelineRun): ReportState {
  switch (runState(run)) {
    case 'pending':
      return 'queued';
    case 'running':
      return 'in_progress';
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'failure';
    case 'cancelled':
      return 'cancelled';
  }
}

/** A short human description (≤ 140 characters for statuses). */
export function describe(state: ReportState, run: PipelineRun): string {
  const cond = run.status?.conditions?.find((c) => c.type === 'Succeeded');
  switch (state) {
    case 'queued':
      return 'Queued: waiting for a free slot (repository concurrency limit)';
    case 'in_progress':
      return 'Running';
    case 'success':
      return cond?.message ? `Succeeded: ${cond.message}` : 'Succeeded';
    case 'failure':
      return `Failed${cond?.reason ? ` (${cond.reason})` : ''}${cond?.message ? `: ${cond.message}` : ''}`;
    case 'cancelled':
      return 'Cancelled (a newer run of this branch or pull request started)';
  }
}

/** Commit status state. */
export function commitStateOf(state: ReportState): CommitState {
  return state === 'success'
    ? 'success'
    : state === 'failure'
      ? 'failure'
      : state === 'cancelled'
        ? 'error'
        : 'pending';
}

/** Check run status + conclusion. */
export function checkRunOf(state: ReportState): Pick<CheckRunFields, 'status' | 'conclusion'> {
  if (state === 'queued') return { status: 'queued' };
  if (state === 'in_progress') return { status: 'in_progress' };
  return {
    status: 'completed',
    conclusion: state === 'success' ? 'success' : state === 'failure' ? 'failure' : 'cancelled',
  };
}

/** Deployment statuses to post to go from `from` (undefined = none yet) to `to`, filling skipped steps (queued → in_progress → result). */
export function deploymentSteps(from: ReportState | undefined, to: ReportState): DeploymentState[] {
  const start = from === undefined ? 0 : REPORT_ORDER[from] + 1;
  const steps: DeploymentState[] = [];
  for (let i = start; i <= REPORT_ORDER[to]; i++) {
    if (i === 0) steps.push('queued');
    else if (i === 1) steps.push('in_progress');
    else steps.push(to === 'success' ? 'success' : to === 'failure' ? 'failure' : 'error');
  }
  return steps;
}
