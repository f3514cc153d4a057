import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readPipelineFile } from './pipeline-source';
import { buildPipelineGraph } from './pipeline-graph';
import { simulateTable } from './trigger-simulator';
import { previewPipelineRun } from './run-preview';
import { buildSimulatedEvent } from './simulated-event';
import { annotationCompletion } from './annotation-completion';
import { BUILD_PIPELINE, CI_PIPELINE } from './test-pipelines';

/** Runs every preview helper on `text`; they must return, not throw. */
function previewAll(text: string): void {
  const { pipelines } = readPipelineFile(text);
  for (const p of pipelines) {
    buildPipelineGraph(p);
    previewPipelineRun(p, buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' }));
  }
  simulateTable(pipelines.map((p) => ({ name: p.name, annotation: p.annotation })));
  const lines = text.split('\n');
  for (let i = 0; i < Math.min(lines.length, 50); i++) annotationCompletion(lines, i, (lines[i]?.length ?? 0) + 1);
}

describe('preview helpers on hostile input', () => {
  it('never throw on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => previewAll(text)), { numRuns: 300 });
  });

  it('never throw on mutilated pipelines (lines dropped, duplicated, re-indented)', () => {
    const source = `${CI_PIPELINE}---\n${BUILD_PIPELINE}`.split('\n');
    const mutation = fc.array(fc.tuple(fc.nat(source.length - 1), fc.constantFrom('drop', 'dup', 'indent', 'dedent', 'garble')), { maxLength: 12 });
    fc.assert(
      fc.property(mutation, (ops) => {
        const lines = [...source];
        for (const [i, op] of ops) {
          const at = i % Math.max(1, lines.length);
          if (op === 'drop') lines.splice(at, 1);
          else if (op === 'dup') lines.splice(at, 0, lines[at] ?? '');
          else if (op === 'indent') lines[at] = `  ${lines[at] ?? ''}`;
          else if (op === 'dedent') lines[at] = (lines[at] ?? '').replace(/^ {1,2}/, '');
          else lines[at] = (lines[at] ?? '').replace(/[:\-[\]]/g, '}');
        }
        previewAll(lines.join('\n'));
      }),
      { numRuns: 200 },
    );
  });

  it('bounds 500+ documents, deep nesting and binary garbage', () => {
    const many = Array.from({ length: 520 }, (_, i) => BUILD_PIPELINE.replace('name: build\n  annotations', `name: b${i}\n  annotations`)).join('---\n');
    const file = readPipelineFile(many);
    expect(file.pipelines).toHaveLength(500);
    expect(file.problems[0]).toMatch(/first 500 of 520 documents/);
    const deep = `kind: Pipeline\nmetadata: {name: d}\nspec:\n  tasks:\n    - name: t\n      params:\n        - name: p\n          value: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(() => previewAll(deep)).not.toThrow();
    const garbage = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(() => previewAll(garbage)).not.toThrow();
  });
});
