import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPipelineFile } from './pipeline-source';
import { previewPipelineRun } from './run-preview';
import { buildSimulatedEvent } from './simulated-event';
import { BUILD_PIPELINE, CI_PIPELINE } from './test-pipelines';

const pipelineOf = (text: string) => readPipelineFile(text).pipelines[0]!;
const push = (branch: string) => buildSimulatedEvent({ kind: 'push', refType: 'branch', name: branch });

describe('previewPipelineRun', () => {
  it('renders the PipelineRun as YAML with each param source', () => {
    const preview = previewPipelineRun(pipelineOf(CI_PIPELINE), push('feature/x'), { namespace: 'ci' });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const run = parse(preview.yaml) as { kind: string; metadata: { namespace: string }; spec: { pipelineRef: { name: string }; params: unknown[]; workspaces: { name: string }[] } };
    expect(run.kind).toBe('PipelineRun');
    expect(run.metadata.namespace).toBe('ci');
    expect(run.spec.pipelineRef.name).toBe('ci');
    expect(run.spec.params).toEqual([
      { name: 'revision', value: 'b'.repeat(40) },
      { name: 'repo-url', value: 'https://github.com/my-org/my-app.git' },
    ]);
    expect(run.spec.workspaces.map((w) => w.name)).toEqual(['source']);
    expect(preview.params.map((p) => [p.name, p.source])).toEqual([
      ['revision', 'event variable'],
      ['repo-url', 'event variable'],
      ['image', 'pipeline default'],
    ]);
    expect(preview.params[2]!.note).toContain('registry.example.com/app');
  });

  it('explains a param no event fills', () => {
    const text = BUILD_PIPELINE.replace('    - name: branch', '    - name: branch\n    - name: deploy-target');
    const preview = previewPipelineRun(pipelineOf(text), push('main'));
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.code).toBe('missing-param');
    expect(preview.message).toMatch(/needs param `deploy-target`/);
    expect(preview.params.find((p) => p.name === 'deploy-target')!.source).toBe('missing');
  });

  it('explains an array param bound to an event value', () => {
    const text = BUILD_PIPELINE.replace('    - name: branch', '    - name: branch\n      type: array');
    const preview = previewPipelineRun(pipelineOf(text), push('main'));
    expect(preview).toMatchObject({ ok: false, code: 'param-type' });
  });

  it('takes explicit values first and survives a document without spec', () => {
    const preview = previewPipelineRun(pipelineOf(BUILD_PIPELINE), push('main'), { params: { branch: 'override' } });
    expect(preview.params.find((p) => p.name === 'branch')).toMatchObject({ value: 'override', source: 'explicit' });
    const bare = previewPipelineRun(pipelineOf('apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: bare}\n'), push('main'));
    expect(bare.ok).toBe(true);
    const nameless = previewPipelineRun(pipelineOf('apiVersion: tekton.dev/v1\nkind: Pipeline\nspec: 3\n'), push('main'));
    expect(nameless).toMatchObject({ ok: false, code: 'invalid-pipeline' });
  });
});
