// A RunDetail for tests: a pipe-events run of `ci` on acme/app's main branch, with what a test cares about overridden.
import type { RunDetail } from '../../contract/runs';

const SUMMARY: Partial<Record<RunDetail['phase'], string>> = {
  Running: 'Running (1 of 3 tasks done).',
  Failed: 'Failed. Task “test”, step “unit” failed (exit code 1).',
};

export function runDetailFixture(over: Partial<RunDetail> = {}): RunDetail {
  const phase = over.phase ?? 'Running';
  return {
    context: 'runtime',
    namespace: 'team-a',
    name: 'ci-abc12',
    phase,
    summary: SUMMARY[phase] ?? `${phase}.`,
    isCancelRequested: false,
    meta: { trigger: 'pipe-events', pipeline: 'ci', repository: 'acme/app', ref: 'refs/heads/main' },
    tasks: [],
    params: [],
    results: [],
    workspaces: [],
    ...over,
  };
}
