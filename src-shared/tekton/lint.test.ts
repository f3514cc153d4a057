import { describe, expect, it } from 'vitest';
import { analyzeText, lintText } from './index';

/** Line-anchored summary of diagnostics: "line:col code". */
function codes(text: string, path?: string): string[] {
  return lintText(text, { path }).map((d) => `${d.line}:${d.column} ${d.code}`);
}

const PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: demo
spec:
  params:
    - name: url
  workspaces:
    - name: src
  tasks:
    - name: clone
      taskRef: {name: git-clone}
      params:
        - name: url
          value: $(params.url)
      workspaces:
        - name: output
          workspace: src
    - name: build
      runAfter: [clone]
      params:
        - name: commit
          value: $(tasks.clone.results.commit)
      taskSpec:
        params:
          - name: commit
        steps:
          - image: alpine
            script: echo $(params.commit) $(params.url)
  finally:
    - name: notify
      params:
        - name: status
          value: $(tasks.build.status)
      taskRef: {name: notify}
`;

describe('lintText', () => {
  it('accepts a valid pipeline', () => {
    expect(codes(PIPELINE)).toEqual([]);
  });

  it('returns the graph with runAfter and result edges', () => {
    const [doc] = analyzeText(PIPELINE).documents;
    expect(doc?.graph?.tasks.map((t) => [t.name, t.isFinally])).toEqual([
      ['clone', false],
      ['build', false],
      ['notify', true],
    ]);
    expect(doc?.graph?.edges).toEqual([
      { from: 'clone', to: 'build', kind: 'runAfter' },
      { from: 'clone', to: 'build', kind: 'result' },
    ]);
  });

  it('reports positions 1-based with offsets', () => {
    const text = PIPELINE.replace('runAfter: [clone]', 'runAfter: [clon]');
    const [d] = lintText(text);
    expect(d).toMatchObject({ code: 'pipeline-task-unknown-dependency', line: 20, column: 18, endLine: 20, endColumn: 22, severity: 'error' });
    expect(text.slice(d!.offset, d!.endOffset)).toBe('clon');
    expect(d!.message).toContain('did you mean `clone`');
  });
});
