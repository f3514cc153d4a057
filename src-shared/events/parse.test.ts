import { describe, expect, it } from 'vitest';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { diagnoseAnnotationNode, parseTriggers } from './parse';
import { EVENT_ANNOTATION, type Diagnostic } from './types';

const errors = (text: string): Diagnostic[] =>
  parseTriggers(text).diagnostics.filter((d) => d.severity === 'error');

function only(text: string): Diagnostic {
  const { spec, diagnostics } = parseTriggers(text);
  expect(spec).toBeUndefined();
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

describe('forms', () => {
  it('a single event name', () => {
    const { spec, diagnostics } = parseTriggers('push');
    expect(diagnostics).toEqual([]);
    expect(spec?.triggers).toEqual([{ event: 'push' }]);
  });
  it('a list of names', () => {
    const { spec } = parseTriggers('[push, pull_request]');
    expect(spec?.triggers.map((t) => t.event)).toEqual(['push', 'pull_request']);
  });
  it('a block list of names', () => {
    expect(parseTriggers('- push\n- create\n').spec?.triggers.map((t) => t.event)).toEqual([
      'push',
      'create',
    ]);
  });
  it('a map of events to filters, in source order, with patterns compiled', () => {
    const { spec, diagnostics } = parseTriggers(
      [
        'push:',
        '  branches: [main, "releases/**"]',
        '  tags: v*',
        '  paths-ignore:',
        "    - 'docs/**'",
        'pull_request:',
        '  types: [opened, closed]',
        '  branches-ignore: [wip/*]',
        'release:',
        '  types: published',
        'deployment:',
        'deployment_status:',
        'create:',
        'delete:',
        'issue_comment:',
        '  types: [created]',
        'workflow_dispatch:',
        '  inputs:',
        '    level:',
        '      type: choice',
        '      options: [info, debug]',
        '      default: info',
        '      required: true',
        '    dry-run:',
        '      type: boolean',
        '      default: false',
        'schedule:',
        "  - cron: '30 5 * * 1'",
        "  - cron: '0 0 * * *'",
        '    timezone: Europe/London',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    const t = spec!.triggers;
    expect(t.map((x) => x.event)).toEqual([
      'push',
      'pull_request',
      'release',
      'deployment',
      'deployment_status',
      'create',
      'delete',
      'issue_comment',
      'workflow_dispatch',
      'schedule',
    ]);
    expect(t[0]!.branches?.patterns.map((p) => p.source)).toEqual(['main', 'releases/**']);
    expect(t[0]!.branches?.patterns[1]!.test('releases/1/2')).toBe(true);
    expect(t[0]!.tags?.key).toBe('tags');
    expect(t[0]!.paths?.isIgnore).toBe(true);
    expect(t[1]!.types).toEqual(['opened', 'closed']);
    expect(t[1]!.branches?.key).toBe('branches-ignore');
    expect(t[2]!.types).toEqual(['published']);
    expect(t[8]!.inputs).toEqual([
      { name: 'level', type: 'choice', required: true, default: 'info', options: ['info', 'debug'] },
      { name: 'dry-run', type: 'boolean', required: false, default: 'false' },
    ]);
    expect(t[9]!.schedules).toEqual([
      { cron: '30 5 * * 1' },
      { cron: '0 0 * * *', timezone: 'Europe/London' },
    ]);
  });
  it('keeps pattern text as written (a plain 2.0 is not the number 2)', () => {
    const { spec } = parseTriggers('push:\n  tags: [2.0, 1e3, true]\n');
    expect(spec?.triggers[0]!.tags?.patterns.map((p) => p.source)).toEqual(['2.0', '1e3', 'true']);
  });
  it('accepts the doc example with a quoted flow pattern', () => {
    expect(errors("push:\n  branches: [ main, 'release/v[0-9].[0-9]' ]\n")).toEqual([]);
  });
});

describe('diagnostics (issue 4 list)', () => {
  it('YAML syntax error with its position', () => {
    const d = errors('push:\n  branches: [main\n');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.message).toMatch(/^YAML syntax/);
    expect(d[0]!.line).toBeGreaterThanOrEqual(2);
  });
  it('unquoted flow pattern with brackets (doc "Invalid" example) explains quoting', () => {
    const d = errors('push:\n  branches: [ main, release/v[0-9].[0-9] ]\n');
    expect(d.length).toBeGreaterThan(0);
    expect(d.map((x) => x.message).join('\n')).toMatch(/quote patterns/);
  });
  it('unquoted pattern starting with `*` (doc "Invalid" example)', () => {
    const d = only('push:\n  paths:\n    - **/README.md\n');
    expect(d.message).toMatch(/starting with `\*` must be quoted/);
    expect(d).toMatchObject({ line: 3, column: 7 });
  });
  it('unknown event, with a suggestion and its range', () => {
    const d = only('push:\npul_request:\n');
    expect(d.message).toMatch(/unknown event `pul_request` — did you mean `pull_request`\?/);
    expect(d).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 12 });
  });
  it('GitHub event PIPE does not support', () => {
    expect(only('pull_request_target').message).toMatch(/does not trigger on/);
  });
  it('unknown key', () => {
    const d = only('push:\n  branch: main\n');
    expect(d.message).toMatch(/unknown key `branch` for `push` — did you mean `branches`\?/);
    expect(d).toMatchObject({ line: 2, column: 3, endColumn: 9 });
  });
  it('key not available for the event (tags on pull_request; filters on create)', () => {
    expect(only('pull_request:\n  tags: [v1]\n').message).toMatch(/unknown key `tags` for `pull_request`/);
    expect(only('create:\n  branches: [main]\n').message).toMatch(/takes no filters/);
  });
  it('wrong type', () => {
    expect(only('push: main\n').message).toMatch(/`push` must be a map/);
    expect(only('push:\n  branches: {main: 1}\n').message).toMatch(/must be a string/);
    expect(only('42').message).toMatch(/unknown event `42`/);
    expect(only('push:\n  branches: []\n').message).toMatch(/needs at least one branch pattern/);
    expect(only('push:\n  branches:\n').message).toMatch(/needs at least one branch pattern/);
  });
  it('branches with branches-ignore (and tags, paths)', () => {
    const d = only('push:\n  branches: [main]\n  branches-ignore: [x]\n');
    expect(d.message).toMatch(/`branches` and `branches-ignore` cannot be used together/);
    expect(d.line).toBe(3);
    expect(only('push:\n  tags: [a]\n  tags-ignore: [b]\n').message).toMatch(/`tags` and `tags-ignore`/);
    expect(only('pull_request:\n  paths-ignore: [a]\n  paths: [b]\n').message).toMatch(
      /`paths` and `paths-ignore`/,
    );
  });
  it('invalid globs point inside the pattern', () => {
    const unclosed = only('push:\n  branches: ["release/v[0-9"]\n');
    expect(unclosed.message).toMatch(/unclosed `\[`/);
    expect(unclosed).toMatchObject({ line: 2, column: 24, endColumn: 28 });
    expect(only("push:\n  tags: ['v[9-0]']\n").message).toMatch(/bad range `9-0`/);
    expect(only("push:\n  paths: ['docs\\']\n").message).toMatch(/dangling escape/);
    const plain = only('push:\n  branches:\n    - ab[z-a]\n');
    expect(plain).toMatchObject({ line: 3, column: 10, endColumn: 13 });
  });
  it('a list of only `!` patterns', () => {
    expect(only("push:\n  branches: ['!main', '!dev']\n").message).toMatch(
      /only `!` patterns.*branches-ignore/,
    );
    expect(only("pull_request:\n  paths: ['!docs/**']\n").message).toMatch(/only `!` patterns/);
  });
  it('invalid cron expression', () => {
    const d = only("schedule:\n  - cron: '61 * * * *'\n");
    expect(d.message).toMatch(/invalid cron expression: 61 is out of range/);
    expect(d).toMatchObject({ line: 2, column: 11 });
    expect(only("schedule:\n  - cron: '@daily'\n").message).toMatch(/not supported/);
    expect(only('schedule:\n  - crn: "* * * * *"\n').message).toMatch(/did you mean `cron`/);
    expect(only('schedule').message).toMatch(/needs cron entries/);
  });
  it('warns about schedules more often than every 5 minutes', () => {
    const { spec, diagnostics } = parseTriggers("schedule:\n  - cron: '*/2 * * * *'\n");
    expect(spec).toBeDefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/5 minutes/) }),
    ]);
  });
  it('unknown activity type', () => {
    const d = only('pull_request:\n  types: [opened, open]\n');
    expect(d.message).toMatch(/unknown activity type `open` for `pull_request` — did you mean `opened`\?/);
    expect(d).toMatchObject({ line: 2, column: 19 });
    expect(only('release:\n  types: merged\n').message).toMatch(
      /unknown activity type `merged` for `release`/,
    );
  });
  it('workflow_dispatch input problems', () => {
    expect(only('workflow_dispatch:\n  inputs:\n    x:\n      type: choice\n').message).toMatch(
      /needs `options`/,
    );
    expect(
      only('workflow_dispatch:\n  inputs:\n    x:\n      type: number\n      default: abc\n').message,
    ).toMatch(/must be a number/);
    expect(only('workflow_dispatch:\n  inputs:\n    9x: {}\n').message).toMatch(/input name/);
    expect(only('workflow_dispatch:\n  inputs:\n    x:\n      requird: true\n').message).toMatch(
      /did you mean `required`/,
    );
  });
  it('an empty annotation', () => {
    expect(only('').message).toMatch(/names no event/);
    expect(only('# nothing\n').message).toMatch(/names no event/);
  });
  it('a whole `on:` block pasted in', () => {
    expect(only('on:\n  push:\n').message).toMatch(/remove `on:`/);
  });
  it('duplicate keys and multiple documents are YAML errors', () => {
    expect(errors('push:\npush:\n')[0]!.message).toMatch(/appears twice/);
    expect(errors('push\n---\npull_request\n')[0]!.message).toMatch(/single YAML document/);
  });
  it('a name listed twice is a warning only', () => {
    const { spec, diagnostics } = parseTriggers('[push, push]');
    expect(spec?.triggers).toHaveLength(1);
    expect(diagnostics[0]?.severity).toBe('warning');
  });
  it('reports every error, not only the first', () => {
    expect(errors('push:\n  branch: main\npul_request:\nrelease:\n  types: [x]\n')).toHaveLength(3);
  });
});

describe('diagnoseAnnotationNode (annotation written as a YAML map instead of a string)', () => {
  function annotationNode(pipelineYaml: string): unknown {
    const doc = parseDocument(pipelineYaml);
    const annotations = doc.getIn(['metadata', 'annotations'], true) as YAMLMap;
    expect(isMap(annotations)).toBe(true);
    return annotations.get(EVENT_ANNOTATION, true);
  }
  it('hints at a block string for a map, with the intended value', () => {
    const node = annotationNode(
      [
        'apiVersion: tekton.dev/v1',
        'kind: Pipeline',
        'metadata:',
        '  name: build',
        '  annotations:',
        '    pipe.linecorp.com/event:',
        '      push:',
        '        branches: [main]',
      ].join('\n'),
    );
    const problem = diagnoseAnnotationNode(node);
    expect(problem?.message).toMatch(/must be strings, but this is a YAML map.*block string/);
    expect(problem?.suggestedValue).toBe('push:\n  branches: [ main ]');
    expect(parseTriggers(problem!.suggestedValue!).spec).toBeDefined();
  });
  it('hints for a list and for a non-string scalar', () => {
    expect(
      diagnoseAnnotationNode(
        annotationNode('metadata:\n  annotations:\n    pipe.linecorp.com/event: [push, create]\n'),
      )?.message,
    ).toMatch(/YAML list/);
    expect(
      diagnoseAnnotationNode(annotationNode('metadata:\n  annotations:\n    pipe.linecorp.com/event: 42\n'))
        ?.message,
    ).toMatch(/quote it/);
  });
  it('accepts a string, including a block string', () => {
    expect(
      diagnoseAnnotationNode(
        annotationNode('metadata:\n  annotations:\n    pipe.linecorp.com/event: push\n'),
      ),
    ).toBeUndefined();
    expect(
      diagnoseAnnotationNode(
        annotationNode(
          'metadata:\n  annotations:\n    pipe.linecorp.com/event: |\n      push:\n        branches: [main]\n',
        ),
      ),
    ).toBeUndefined();
  });
});
