import { describe, expect, it } from 'vitest';
import { readPipelineFile } from './pipeline-source';
import { buildSimulatedEvent, commonEvents } from './simulated-event';
import { simulateCell, simulateTable, triggerStateOf, type SimulatedPipeline } from './trigger-simulator';
import { BUILD_PIPELINE, CI_PIPELINE } from './test-pipelines';

const pipelines = (...texts: string[]): SimulatedPipeline[] =>
  texts.flatMap((t) => readPipelineFile(t).pipelines.map((p) => ({ name: p.name, file: '.pipe/x.yaml', annotation: p.annotation })));

const outcomes = (texts: string[], opts = {}) =>
  simulateTable(pipelines(...texts), opts).rows.map((r) => [r.pipeline, ...r.cells.map((c) => c.outcome)]);

describe('simulateTable', () => {
  it('answers the common events for each pipeline', () => {
    const table = simulateTable(pipelines(CI_PIPELINE, BUILD_PIPELINE));
    expect(table.columns.map((c) => c.id)).toEqual(['push-default', 'push-feature', 'pr-opened', 'tag', 'deployment']);
    expect(outcomes([CI_PIPELINE, BUILD_PIPELINE])).toEqual([
      ['ci', 'skips', 'fires', 'fires', 'skips', 'skips'],
      ['build', 'fires', 'skips', 'skips', 'skips', 'skips'],
    ]);
    const ci = table.rows[0]!;
    expect(ci.cells[0]!.reason).toContain('branches-ignore pattern `main` excluded `main`');
    expect(ci.cells[2]!.reason).toContain('pull_request');
    expect(ci.cells[4]!.reason).toMatch(/deployment/);
  });

  it('uses the repository default branch in the columns', () => {
    const table = simulateTable(pipelines(BUILD_PIPELINE), { repository: { owner: 'o', name: 'r', defaultBranch: 'trunk' } });
    expect(table.columns[0]!.title).toBe('push to trunk');
    expect(table.rows[0]!.cells[0]!.outcome).toBe('skips');
  });

  it('says "depends" for a path filter until changed files are given', () => {
    const text = BUILD_PIPELINE.replace('branches: [main]', "branches: [main]\n        paths: ['src/**']");
    expect(outcomes([text])[0]![1]).toBe('depends');
    expect(simulateTable(pipelines(text)).rows[0]!.cells[0]!.reason).toMatch(/enter changed files/);
    expect(outcomes([text], { changedFiles: ['src/a.ts'] })[0]![1]).toBe('fires');
    expect(outcomes([text], { changedFiles: ['docs/a.md'] })[0]![1]).toBe('skips');
  });

  it('explains a missing, non-string or invalid annotation in every cell', () => {
    const missing = BUILD_PIPELINE.replace(/ {2}annotations:\n {4}pipe\.linecorp\.com\/event: \|\n {6}push:\n {8}branches: \[main\]\n/, '');
    const asMap = BUILD_PIPELINE.replace('pipe.linecorp.com/event: |', 'pipe.linecorp.com/event:');
    const invalid = BUILD_PIPELINE.replace('push:', 'pushh:');
    const table = simulateTable(pipelines(missing, asMap, invalid));
    expect(table.rows.map((r) => r.cells[0]!.outcome)).toEqual(['no-annotation', 'invalid', 'invalid']);
    expect(table.rows[0]!.cells[0]!.reason).toMatch(/no `pipe\.linecorp\.com\/event` annotation/);
    expect(table.rows[1]!.cells[0]!.reason).toMatch(/block string/);
    expect(table.rows[2]!.cells[0]!.reason).toMatch(/did you mean `push`/i);
  });
});

describe('simulateCell with picked events', () => {
  const state = triggerStateOf({
    kind: 'text',
    text: "release:\n  types: [published]\nworkflow_dispatch:\n  inputs:\n    level: {type: choice, options: [info, debug], required: true}\nschedule:\n  - cron: '0 5 * * *'\n",
  });

  it.each([
    [{ kind: 'release', action: 'published', tag: 'v1' }, 'fires'],
    [{ kind: 'release', action: 'created', tag: 'v1' }, 'skips'],
    [{ kind: 'workflow_dispatch', ref: 'main', inputs: { level: 'debug' } }, 'fires'],
    [{ kind: 'workflow_dispatch', ref: 'main', inputs: {} }, 'skips'],
    [{ kind: 'schedule', cron: '0 5 * * *' }, 'fires'],
    [{ kind: 'schedule', cron: '0 6 * * *' }, 'skips'],
    [{ kind: 'create', refType: 'branch', name: 'x' }, 'skips'],
    [{ kind: 'issue_comment', comment: '/retest', prNumber: 3 }, 'skips'],
    [{ kind: 'deployment_status', environment: 'prod', ref: 'main', state: 'success' }, 'skips'],
  ] as const)('%o → %s', (input, outcome) => {
    expect(simulateCell(state, buildSimulatedEvent(input)).outcome).toBe(outcome);
  });

  it('builds one event per common column with the right shape', () => {
    const events = commonEvents().map((e) => buildSimulatedEvent(e.input));
    expect(events.map((e) => [e.name, e.refType, e.refName])).toEqual([
      ['push', 'branch', 'main'],
      ['push', 'branch', 'feature/x'],
      ['pull_request', undefined, '1/merge'],
      ['push', 'tag', 'v1.0.0'],
      ['deployment', undefined, 'main'],
    ]);
  });
});
