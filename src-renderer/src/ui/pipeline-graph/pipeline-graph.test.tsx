import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { readPipelineFile } from '../../../../src-shared/pipelines/pipeline-source';
import { buildPipelineGraph } from '../../../../src-shared/pipelines/pipeline-graph';
import { CI_PIPELINE } from '../../../../src-shared/pipelines/test-pipelines';
import { installFlowTestEnv } from './flow-test-env';
import { PipelineGraphView } from './pipeline-graph';
import { formatDuration } from './node-decoration';

beforeAll(() => installFlowTestEnv());

const graph = buildPipelineGraph(readPipelineFile(CI_PIPELINE).pipelines[0]!);
const nodeButton = (id: string) => document.querySelector<HTMLButtonElement>(`[data-graph-node="${id}"]`)!;

describe('PipelineGraphView', () => {
  it('draws every task with its badges, problems and a solid/dashed edge per dependency', async () => {
    render(<PipelineGraphView graph={graph} problems={new Map([['build', 'error' as const]])} />);
    await screen.findByRole('button', { name: /^task clone/ });
    expect([...document.querySelectorAll('[data-graph-node]')].map((e) => e.getAttribute('data-graph-node'))).toEqual(
      ['clone', 'lint', 'test', 'build', 'scan', 'notify'],
    );
    expect(nodeButton('build').dataset['problem']).toBe('error');
    expect(nodeButton('build').getAttribute('aria-label')).toMatch(/has errors/);
    expect(nodeButton('test').textContent).toContain('matrix ×4');
    expect(nodeButton('build').textContent).toContain('◇ when');
    expect(nodeButton('notify').dataset['section']).toBe('finally');
    expect(screen.getByRole('group', { name: 'Pipeline ci: 6 tasks' })).toBeTruthy();
    const edges = [...document.querySelectorAll('.react-flow__edge')];
    expect(edges.filter((e) => e.classList.contains('pg-edge--runAfter'))).toHaveLength(4);
    expect(edges.filter((e) => e.classList.contains('pg-edge--result'))).toHaveLength(3);
  });

  it('calls back on click (a button: Enter and Space too) and moves focus with the arrow keys', async () => {
    const onActivate = vi.fn();
    render(<PipelineGraphView graph={graph} onNodeActivate={onActivate} />);
    await screen.findByRole('button', { name: /^task clone/ });
    fireEvent.click(nodeButton('scan'));
    expect(onActivate).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'scan', nameRange: expect.objectContaining({ line: 50 }) }));
    // Exactly one tab stop: the first task in layout order.
    expect([...document.querySelectorAll('[data-graph-node][tabindex="0"]')].map((e) => e.getAttribute('data-graph-node'))).toEqual(['clone']);
    nodeButton('clone').focus();
    fireEvent.keyDown(nodeButton('clone'), { key: 'ArrowRight' });
    const focused = document.activeElement as HTMLElement;
    expect(focused.dataset['graphNode']).not.toBe('clone');
    expect(focused.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(focused, { key: 'End' });
    expect((document.activeElement as HTMLElement).dataset['graphNode']).toBe('notify');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect((document.activeElement as HTMLElement).dataset['graphNode']).toBe('clone');
  });

  it('shows run status and duration for the run page', async () => {
    render(
      <PipelineGraphView
        graph={graph}
        decorations={new Map([
          ['clone', { status: 'succeeded' as const, durationMs: 42_000 }],
          ['lint', { status: 'failed' as const, durationMs: 3_500, detail: 'exit code 1' }],
          ['test', { status: 'running' as const }],
        ])}
      />,
    );
    await screen.findByRole('button', { name: /^task clone/ });
    expect(nodeButton('clone').dataset['status']).toBe('succeeded');
    expect(nodeButton('clone').textContent).toContain('42 s');
    expect(nodeButton('lint').title).toBe('exit code 1');
    expect(nodeButton('test').textContent).toContain('running');
    expect(nodeButton('build').dataset['status']).toBeUndefined();
  });

  it('says so when there are no tasks', () => {
    render(<PipelineGraphView graph={{ pipeline: 'p', nodes: [], edges: [] }} />);
    expect(screen.getByText('This pipeline has no tasks yet.')).toBeTruthy();
  });
});

describe('formatDuration', () => {
  it.each([[850, '850 ms'], [42_000, '42 s'], [185_000, '3 m 05 s'], [3_720_000, '1 h 02 m'], [-1, '']])('%d → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
