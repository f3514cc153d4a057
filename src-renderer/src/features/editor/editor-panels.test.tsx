import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { readPipelineFile } from '../../../../src-shared/pipelines/pipeline-source';
import { simulateTable, type SimulatorTable } from '../../../../src-shared/pipelines/trigger-simulator';
import { BUILD_PIPELINE, CI_PIPELINE } from '../../../../src-shared/pipelines/test-pipelines';
import { commonEvents } from '../../../../src-shared/pipelines/simulated-event';
import { lintText } from '../../../../src-shared/tekton';
import { CellExplanation, SimulatorTableView, type CellRef } from './simulator-table';
import { DiagnosticsPanel } from './diagnostics-panel';
import { RunPreviewPanel } from './run-preview-panel';

const table = (): SimulatorTable =>
  simulateTable(
    [CI_PIPELINE, BUILD_PIPELINE, BUILD_PIPELINE.replace('name: build', 'name: broken').replace('push:', 'pusj:')].flatMap((t) =>
      readPipelineFile(t).pipelines.map((p) => ({ name: p.name, file: '.pipe/x.yaml', annotation: p.annotation })),
    ),
  );

function SimulatorHarness(): React.ReactElement {
  const t = table();
  const [selected, setSelected] = useState<CellRef | undefined>(undefined);
  const cell = selected ? t.rows[selected.row]!.cells[selected.column]! : undefined;
  return (
    <>
      <SimulatorTableView table={t} {...(selected ? { selected } : {})} onSelect={setSelected} />
      {cell && selected && <CellExplanation cell={cell} pipeline={t.rows[selected.row]!.pipeline} event={t.columns[selected.column]!.title} />}
    </>
  );
}

describe('SimulatorTableView', () => {
  it('has a row per pipeline and a column per common event, each cell saying whether it runs and why', () => {
    render(<SimulatorHarness />);
    const grid = screen.getByRole('table', { name: 'Which events run which pipeline' });
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Pipeline', 'push to main', 'push to feature/x', 'PR opened → main', 'tag v1.0.0', 'deployment (production)']);
    expect(within(grid).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['ci', 'build', 'broken']);
    const ciRow = within(grid).getAllByRole('row')[1]!;
    expect(within(ciRow).getAllByRole('button').map((b) => b.textContent)).toEqual(['○ no', '● runs', '● runs', '○ no', '○ no']);
    const brokenRow = within(grid).getAllByRole('row')[3]!;
    expect(within(brokenRow).getAllByRole('button')[0]!.textContent).toBe('✖ invalid');
    // The reason is the hover text and part of the accessible name.
    const cell = screen.getByRole('button', { name: /^ci on push to main: does not run — branches-ignore pattern `main` excluded `main`/ });
    expect(cell.title).toMatch(/excluded `main`/);
    expect(screen.getByRole('button', { name: /^broken on push to main: invalid — the event annotation has errors: .*pusj/ })).toBeTruthy();
  });

  it('explains the selected cell step by step', () => {
    render(<SimulatorHarness />);
    const cell = screen.getByRole('button', { name: /^build on push to main: runs/ });
    fireEvent.click(cell);
    expect(cell.getAttribute('aria-pressed')).toBe('true');
    const explanation = document.querySelector('.sim-explain')!;
    expect(explanation.textContent).toMatch(/build on push to main: .*matched/);
  });

  it('says where pipelines go when there are none', () => {
    render(<SimulatorTableView table={{ columns: [], rows: [] }} />);
    expect(screen.getByText(/No Pipelines in the open files/)).toBeTruthy();
  });
});

describe('DiagnosticsPanel', () => {
  const text = CI_PIPELINE.replace('runAfter: [lint, test]', 'runAfter: [lnt, test]').replace('$(params.revision)', '$(params.revison)');
  const diagnostics = lintText(text, { path: '.pipe/ci.yaml' });

  it('lists errors first with their line:column, message, code and quick-fix mark; a click selects', () => {
    const onSelect = vi.fn();
    render(<DiagnosticsPanel path=".pipe/ci.yaml" diagnostics={diagnostics} onSelect={onSelect} />);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole('status').textContent).toMatch(new RegExp(`^${errors} errors?, \\d+ warnings? in .pipe/ci.yaml`));
    const items = within(screen.getByRole('list', { name: 'Problems in .pipe/ci.yaml' })).getAllByRole('button');
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const unknownDep = items.find((b) => b.textContent!.includes('lnt'))!;
    expect(unknownDep.textContent).toMatch(new RegExp(`^✖${lineOf('runAfter: [lnt')}:\\d+task \`build\` runs after \`lnt\``));
    const typo = items.find((b) => b.textContent!.includes('revison'))!;
    expect(typo.textContent).toContain('quick fix');
    fireEvent.click(typo);
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ code: 'param-undeclared', line: lineOf('$(params.revison)') }));
    const severities = items.map((b) => b.getAttribute('data-severity'));
    expect(severities).toEqual([...severities].sort());
  });

  it('says when a file is clean or none is open', () => {
    const { rerender } = render(<DiagnosticsPanel path=".pipe/ci.yaml" diagnostics={[]} onSelect={() => undefined} />);
    expect(screen.getByRole('status').textContent).toBe('No problems in .pipe/ci.yaml.');
    rerender(<DiagnosticsPanel path={undefined} diagnostics={[]} onSelect={() => undefined} />);
    expect(screen.getByText('Open a file to see its problems.')).toBeTruthy();
  });
});

describe('RunPreviewPanel', () => {
  it('shows the params with their sources and the YAML, and the template error when one is missing', () => {
    const pipeline = readPipelineFile(CI_PIPELINE).pipelines[0]!;
    const onEventChange = vi.fn();
    const { rerender } = render(<RunPreviewPanel pipeline={pipeline} events={commonEvents()} eventId="push-feature" onEventChange={onEventChange} />);
    const params = screen.getByRole('table', { name: 'Params of the run' });
    expect(within(params).getAllByRole('rowheader').map((r) => r.textContent)).toEqual(['revision', 'repo-url', 'image']);
    expect(screen.getByLabelText('PipelineRun YAML').textContent).toMatch(/kind: PipelineRun/);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'tag' } });
    expect(onEventChange).toHaveBeenCalledWith('tag');
    const needy = readPipelineFile(CI_PIPELINE.replace('    - name: image', '    - name: target\n    - name: image')).pipelines[0]!;
    rerender(<RunPreviewPanel pipeline={needy} events={commonEvents()} eventId="push-feature" onEventChange={onEventChange} />);
    expect(screen.getByRole('alert').textContent).toMatch(/missing-param.*needs param `target`/);
  });
});
