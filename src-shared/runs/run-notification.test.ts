import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../contract/runs';
import { RunFinishTracker, isRunFinished, runNotificationText } from './run-notification';
import { runDetailFixture } from './testing/run-detail-fixture';

const T = Date.parse('2026-11-28T10:00:00Z');
const run = (over: Partial<RunDetail>): RunDetail => runDetailFixture({ createdAt: T, startedAt: T + 1000, ...over });

describe('RunFinishTracker', () => {
  it('announces a run seen running and then finished, once, whatever repeats after it (reconnects, relists)', () => {
    const t = new RunFinishTracker();
    expect(['Pending', 'Running', 'Running'].map((p) => t.observe(p))).toEqual(['keep-watching', 'keep-watching', 'keep-watching']);
    expect(t.observe('Failed')).toBe('notify');
    expect(t.observe('Failed')).toBe('stop-quietly');
    expect(t.observe('Running')).toBe('stop-quietly');
  });

  it('does not announce a run that was already finished when first seen, nor one that ended (deleted)', () => {
    const first = new RunFinishTracker();
    expect(first.observe('Succeeded')).toBe('stop-quietly');
    const gone = new RunFinishTracker();
    gone.observe('Running');
    gone.end();
    expect(gone.observe('Succeeded')).toBe('stop-quietly');
  });

  it('knows the final phases', () => {
    expect(['Succeeded', 'Failed', 'Cancelled', 'Running', 'Pending', 'Unknown'].map(isRunFinished)).toEqual([true, true, true, false, false, false]);
  });
});

describe('runNotificationText', () => {
  it('says the pipeline and result, repository, branch, duration, and the failure reason in plain words', () => {
    const failed = run({ phase: 'Failed', completedAt: T + 1000 + 185_000, summary: 'Failed. Task “test”, step “unit” failed (exit code 1).' });
    expect(runNotificationText(failed)).toEqual({ title: 'ci failed', body: 'acme/app · branch main · took 3m 05s\nTask “test”, step “unit” failed (exit code 1).' });
  });

  it('names a pull request or a tag, and no reason for a success', () => {
    expect(runNotificationText(run({ phase: 'Succeeded', summary: 'Succeeded.', completedAt: T + 43_000, meta: { trigger: 'pipe-events', pipeline: 'build', repository: 'acme/app', prNumber: '12', ref: 'refs/pull/12/head' } }))).toEqual({
      title: 'build succeeded',
      body: 'acme/app · PR #12 · took 42s',
    });
    expect(runNotificationText(run({ phase: 'Cancelled', summary: 'The run was cancelled.', meta: { trigger: 'pipe-events', pipeline: 'cd', repository: 'acme/app', ref: 'refs/tags/v1.2.0' } })).title).toBe('cd cancelled');
    expect(runNotificationText(run({ phase: 'Cancelled', summary: 'x', meta: { trigger: 'pipe-events', pipeline: 'cd', ref: 'refs/tags/v1.2.0' } })).body).toBe('tag v1.2.0');
  });

  it('falls back to the run name for a run made by hand without labels', () => {
    expect(runNotificationText(run({ phase: 'Succeeded', summary: 'Succeeded.', meta: { trigger: 'manual' }, startedAt: undefined, createdAt: undefined }))).toEqual({ title: 'ci-abc12 succeeded', body: 'ci-abc12' });
  });
});
