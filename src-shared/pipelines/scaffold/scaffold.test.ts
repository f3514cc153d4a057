import { describe, expect, it } from 'vitest';
import { lintText } from '../../tekton';
import { readPipelineFile } from '../pipeline-source';
import { previewPipelineRun } from '../run-preview';
import { buildSimulatedEvent, commonEvents } from '../simulated-event';
import { simulateTable } from '../trigger-simulator';
import { dnsLabel, scaffoldPipelines } from './scaffold';
import { STACKS } from './stacks';

const options = (stack: (typeof STACKS)[number]['id'], defaultBranch = 'main') =>
  ({ stack, defaultBranch, imageRepository: 'registry.example.com/team/my-app', name: 'My App' }) as const;

describe.each(STACKS.map((s) => s.id))('scaffold for %s', (stack) => {
  const files = scaffoldPipelines(options(stack));

  it('writes ci, build and cd into .pipe/', () => {
    expect(files.map((f) => f.path)).toEqual(['.pipe/ci.yaml', '.pipe/build.yaml', '.pipe/cd.yaml']);
  });

  it.each(['.pipe/ci.yaml', '.pipe/build.yaml', '.pipe/cd.yaml'])('%s lints clean (no errors, no warnings)', (path) => {
    const file = files.find((f) => f.path === path)!;
    expect(lintText(file.text, { path }).map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
  });

  it('fires on the intended events only, and each firing event templates a PipelineRun', () => {
    const pipelines = files.map((f) => ({ file: f, source: readPipelineFile(f.text).pipelines[0]! }));
    const table = simulateTable(pipelines.map((p) => ({ name: p.source.name, file: p.file.path, annotation: p.source.annotation })));
    const events = commonEvents();
    table.rows.forEach((row, i) => {
      const { file, source } = pipelines[i]!;
      const firing = table.columns.filter((_, j) => row.cells[j]!.outcome === 'fires').map((c) => c.id);
      expect([file.path, firing]).toEqual([file.path, file.firesOn]);
      for (const id of firing) {
        const event = buildSimulatedEvent(events.find((e) => e.id === id)!.input);
        const preview = previewPipelineRun(source, event);
        expect([file.path, id, preview.ok ? 'ok' : preview.message]).toEqual([file.path, id, 'ok']);
      }
    });
    expect(table.rows.map((r) => r.pipeline)).toEqual(['my-app-ci', 'my-app-build', 'my-app-cd']);
  });
});

describe('scaffold options', () => {
  it('follows the default branch', () => {
    const files = scaffoldPipelines(options('go', 'trunk'));
    const table = simulateTable(
      files.map((f) => ({ name: f.path, annotation: readPipelineFile(f.text).pipelines[0]!.annotation })),
      { repository: { owner: 'o', name: 'r', defaultBranch: 'trunk' } },
    );
    expect(table.rows.map((r) => r.cells[0]!.outcome)).toEqual(['skips', 'fires', 'skips']);
  });

  it.each([['My App', 'my-app'], ['123', 'app-123'], ['', 'app'], ['a'.repeat(80), 'a'.repeat(40)], ["x'; rm -rf /", 'x-rm-rf']])('dnsLabel(%j) = %s', (input, out) => {
    expect(dnsLabel(input)).toBe(out);
  });

  it('quotes values so YAML stays intact', () => {
    const files = scaffoldPipelines({ stack: 'node', defaultBranch: "it's: main", imageRepository: 'r/x #y', name: 'a' });
    for (const f of files) expect(lintText(f.text, { path: f.path }).filter((d) => d.severity === 'error')).toEqual([]);
    expect(readPipelineFile(files[0]!.text).pipelines[0]!.annotation).toMatchObject({ text: expect.stringContaining("branches-ignore: ['it''s: main']") });
  });
});
