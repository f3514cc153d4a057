import { describe, expect, it } from 'vitest';
import { readPipelineFile } from './pipeline-source';
import { buildPipelineGraph, problemsByNode } from './pipeline-graph';
import { BUILD_PIPELINE, CI_PIPELINE } from './test-pipelines';

const graphOf = (text: string) => buildPipelineGraph(readPipelineFile(text).pipelines[0]!);

describe('readPipelineFile', () => {
  it('finds the Pipelines of a multi-document file with their task ranges', () => {
    const file = readPipelineFile(`kind: Task\nmetadata: {name: t}\n---\n${BUILD_PIPELINE}---\n${CI_PIPELINE}`);
    expect(file.problems).toEqual([]);
    expect(file.pipelines.map((p) => [p.name, p.documentIndex])).toEqual([['build', 1], ['ci', 2]]);
    const build = file.pipelines[0]!;
    expect(build.annotation).toEqual({ kind: 'text', text: 'push:\n  branches: [main]\n' });
    // `- name: build` is on line 17 of the file (2 lines of the Task, `---`, then line 14 of BUILD_PIPELINE).
    expect(build.tasks[0]!.nameRange).toMatchObject({ line: 17, column: 13 });
    expect(build.tasks[0]!.range.line).toBe(17);
  });

  it('reports YAML errors and the size limit instead of throwing', () => {
    expect(readPipelineFile('kind: Pipeline\n  bad: [').problems[0]).toMatch(/document 1/);
    expect(readPipelineFile('x'.repeat(5 * 1024 * 1024 + 1)).problems[0]).toMatch(/larger than 5 MB/);
    expect(readPipelineFile('\u0000\u0001garbage\u00ff').pipelines).toEqual([]);
  });

  it('stays bounded on an alias bomb', () => {
    const bomb = ['kind: Pipeline', 'metadata: {name: b}', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const file = readPipelineFile(bomb.join('\n'));
    expect(file.pipelines).toEqual([]);
    expect(file.problems[0]).toMatch(/alias/i);
  });
});

describe('buildPipelineGraph', () => {
  const g = graphOf(CI_PIPELINE);

  it('has every task, finally ones marked', () => {
    expect(g.nodes.map((n) => [n.id, n.section])).toEqual([
      ['clone', 'tasks'], ['lint', 'tasks'], ['test', 'tasks'], ['build', 'tasks'], ['scan', 'tasks'], ['notify', 'finally'],
    ]);
    expect(g.nodes.find((n) => n.id === 'build')!.runs).toBe('inline taskSpec');
    expect(g.nodes.find((n) => n.id === 'clone')!.runs).toBe('git-clone');
  });

  it('draws runAfter edges solid and result references dashed, once per pair', () => {
    const edges = g.edges.map((e) => `${e.source}${e.kind === 'runAfter' ? '->' : '=>'}${e.target}${e.results.length ? `(${e.results.join(',')})` : ''}`);
    expect(edges.sort()).toEqual(
      ['build=>scan(digest)', 'clone->lint', 'clone->test', 'clone=>notify(commit)', 'clone=>scan(commit)', 'lint->build', 'test->build'].sort(),
    );
  });

  it('marks when guards and matrix fan-out', () => {
    expect(g.nodes.find((n) => n.id === 'build')!.when).toEqual([{ text: "$(params.revision) notin []" }]);
    expect(g.nodes.find((n) => n.id === 'test')!.matrix).toEqual({ params: ['node', 'os'], combinations: 4 });
    expect(g.nodes.find((n) => n.id === 'lint')!.matrix).toBeUndefined();
  });

  it('counts a matrix fed by a reference as unknown', () => {
    const text = CI_PIPELINE.replace("value: ['20', '22']", 'value: $(params.versions[*])');
    expect(graphOf(text).nodes.find((n) => n.id === 'test')!.matrix).toEqual({ params: ['node', 'os'], combinations: undefined });
  });

  it('ignores edges to unknown tasks and self-references, and keeps duplicate names apart', () => {
    const text = BUILD_PIPELINE.replace('    - name: build\n      taskRef:', '    - name: build\n      runAfter: [nope, build]\n      taskRef:') +
      '    - name: build\n      taskRef: {name: x}\n';
    const d = graphOf(text);
    expect(d.nodes.map((n) => n.id)).toEqual(['build', 'build#2']);
    expect(d.edges).toEqual([]);
  });

  it('puts a problem on the task whose lines contain it, worst severity wins', () => {
    const build = g.nodes.find((n) => n.id === 'build')!;
    const marks = problemsByNode(g, [
      { severity: 'warning', line: build.range.line + 1, endLine: build.range.line + 1 },
      { severity: 'error', line: build.range.line + 2, endLine: build.range.line + 2 },
      { severity: 'warning', line: 1, endLine: 1 },
    ]);
    expect([...marks]).toEqual([['build', 'error']]);
  });
});
