import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { lintText } from '../src-shared/tekton';
import { readPipelineFile } from '../src-shared/pipelines/pipeline-source';
import { simulateTable } from '../src-shared/pipelines/trigger-simulator';
import { ALLOWED_IMAGE_PREFIXES } from './policies';
import { sampleRepositoryFiles } from './sample-repository';

const pipelineFiles = Object.entries(sampleRepositoryFiles()).filter(([path]) => path.startsWith('.pipe/'));

/** Every step image of a document (Pipeline tasks and finally, embedded taskSpecs). */
function stepImages(text: string): string[] {
  const images: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    const spec = (doc.toJS() as { spec: { tasks?: unknown[]; finally?: unknown[] } }).spec;
    for (const t of [...(spec.tasks ?? []), ...(spec.finally ?? [])] as { taskSpec?: { steps?: { image?: string }[] } }[])
      for (const s of t.taskSpec?.steps ?? []) images.push(s.image ?? '');
  }
  return images;
}

describe('sample repository', () => {
  it('holds ci, build and cd in .pipe/', () => {
    expect(pipelineFiles.map(([p]) => p)).toEqual(['.pipe/ci.yaml', '.pipe/build.yaml', '.pipe/cd.yaml']);
  });

  it.each(pipelineFiles)('%s lints clean (no errors, no warnings)', (path, text) => {
    expect(lintText(text, { path }).map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)).toEqual([]);
  });

  it.each(pipelineFiles)('%s uses only step images the sandbox admission policy allows', (_path, text) => {
    const images = stepImages(text);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(ALLOWED_IMAGE_PREFIXES.some((p) => image.startsWith(p)) || !image.includes('/')).toBe(true);
  });

  it('runs ci on feature pushes and PRs, build on the default branch, cd on tags and deployments', () => {
    const rows = pipelineFiles.map(([path, text]) => ({ name: readPipelineFile(text).pipelines[0]!.name, file: path, annotation: readPipelineFile(text).pipelines[0]!.annotation }));
    const table = simulateTable(rows);
    const fires = Object.fromEntries(table.rows.map((r) => [r.pipeline, table.columns.filter((_, j) => r.cells[j]!.outcome === 'fires').map((c) => c.id)]));
    expect(fires).toEqual({
      'sample-app-ci': ['push-feature', 'pr-opened'],
      'sample-app-build': ['push-default'],
      'sample-app-cd': ['tag', 'deployment'],
    });
  });
});

describe('sample step logs', () => {
  it('are the lines each step echoes, with params substituted', async () => {
    const { echoedLines } = await import('./sample-step-logs');
    const ci = sampleRepositoryFiles()['.pipe/ci.yaml']!;
    const script = /script: \|\n((?: {16}.*\n)+)/.exec(ci)![1]!;
    expect(echoedLines(script, { revision: 'abc123' })).toEqual(['cloning abc123', 'checked out']);
    expect(echoedLines('echo "x $(params.missing)"\nrm -rf /\n  echo "y"', {})).toEqual(['x $(params.missing)', 'y']);
  });
});
