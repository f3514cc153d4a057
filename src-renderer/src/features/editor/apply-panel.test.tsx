import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactElement } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApplyPanel } from './apply-panel';
import { ClusterTargetBar } from './cluster-target';
import { editorEvents, useTarget } from './editor-store';

afterEach(() => editorEvents.reset());

// Monaco does not run in jsdom: the diff view shows its two texts (e2e/editor-run drives the real one).
vi.mock('./apply-diff-view', () => ({
  ApplyDiffView: (props: { live: string; after: string }) => (
    <div data-testid="apply-diff">
      <pre aria-label="Live object">{props.live}</pre>
      <pre aria-label="After apply">{props.after}</pre>
    </div>
  ),
}));

const noop = (): void => undefined;

describe('ApplyPanel', () => {
  it('has no fields of its own: applies to the given target and lists each document with the refusal message', async () => {
    const apply = vi.fn(() =>
      Promise.resolve({
        documents: [
          { kind: 'Pipeline', name: 'ok', result: 'created' as const, line: 1 },
          { kind: 'Pipeline', name: 'bad', result: 'error' as const, line: 12, message: 'denied request: no privileged steps' },
        ],
      }),
    );
    render(<ApplyPanel target={{ context: 'ctx', namespace: 'team-a' }} changeTarget={noop} getText={() => 'yaml text'} apply={apply} />);
    expect(screen.queryAllByRole('textbox')).toEqual([]);
    expect(screen.getByRole('status', { name: 'Apply target' }).textContent).toBe('ctx · team-a');
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(apply).toHaveBeenCalledWith({ context: 'ctx', namespace: 'team-a', text: 'yaml text', dryRun: true });
    const list = await screen.findByRole('list', { name: 'Dry run results' });
    expect(list.textContent).toContain('Pipeline ok (line 1): would be created');
    expect(list.textContent).toContain('Pipeline bad (line 12): error');
    expect(list.textContent).toContain('denied request: no privileged steps');
  });

  it('is disabled with the reason while no cluster is chosen', () => {
    const apply = vi.fn();
    render(<ApplyPanel target={{ context: 'ctx', namespace: '' }} changeTarget={noop} getText={() => 'x'} apply={apply} />);
    for (const name of ['Dry run', 'Apply']) {
      const button = screen.getByRole('button', { name });
      expect(button).toHaveProperty('disabled', true);
      expect(button.getAttribute('aria-describedby')).toBeTruthy();
      expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toContain('No cluster chosen');
    }
    expect(screen.queryByRole('status', { name: 'Apply target' })).toBeNull();
    expect(apply).not.toHaveBeenCalled();
  });

  it('shows a refused request as an alert', async () => {
    render(<ApplyPanel target={{ context: 'ctx', namespace: 'team-a' }} changeTarget={noop} getText={() => 'x'} apply={() => Promise.reject(new Error('The YAML has 51 documents'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The YAML has 51 documents'));
  });

  it('follows the Cluster bar: Choose a cluster… focuses its context field, Connect sets the target Apply uses', async () => {
    const apply = vi.fn(() => Promise.resolve({ documents: [{ kind: 'Pipeline', name: 'ci', result: 'unchanged' as const, line: 1 }] }));
    function Editor(): ReactElement {
      const target = useTarget();
      return (
        <>
          <ClusterTargetBar load={() => Promise.resolve()} />
          <ApplyPanel target={target} changeTarget={editorEvents.targetPickRequested} getText={() => 'yaml'} apply={apply} />
        </>
      );
    }
    render(<Editor />);
    const context = screen.getByRole('textbox', { name: 'Cluster context' });
    expect(document.activeElement).not.toBe(context);
    fireEvent.click(screen.getByRole('button', { name: 'Choose a cluster…' }));
    expect(document.activeElement).toBe(context);
    fireEvent.change(context, { target: { value: 'ctx' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Runtime namespace' }), { target: { value: 'team-a' } });
    // Typing alone does not move the target: Connect does.
    expect(screen.getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByRole('status', { name: 'Apply target' }).textContent).toBe('ctx · team-a');
    context.blur();
    fireEvent.click(screen.getByRole('button', { name: 'Change…' }));
    expect(document.activeElement).toBe(context);
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(apply).toHaveBeenCalledWith({ context: 'ctx', namespace: 'team-a', text: 'yaml', dryRun: false });
    expect((await screen.findByRole('list', { name: 'Apply results' })).textContent).toContain('Pipeline ci (line 1): unchanged');
  });

  it('drops results when the target changes, and never shows a late answer under a newer target', async () => {
    const answers: ((r: { documents: { kind: string; name: string; result: 'created'; line: number }[] }) => void)[] = [];
    const apply = vi.fn(() => new Promise<{ documents: { kind: string; name: string; result: 'created'; line: number }[] }>((r) => answers.push(r)));
    const doc = { kind: 'Pipeline', name: 'ci', result: 'created' as const, line: 1 };
    const panel = (namespace: string): ReactElement => <ApplyPanel target={{ context: 'ctx', namespace }} changeTarget={noop} getText={() => 'y'} apply={apply} />;
    const { rerender } = render(panel('team-a'));
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    answers[0]!({ documents: [doc] });
    await screen.findByRole('list', { name: 'Dry run results' });
    rerender(panel('team-b'));
    expect(screen.queryByRole('list', { name: 'Dry run results' })).toBeNull();
    // A dry run for team-b answered after the target moved on to team-c is not shown under team-c.
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    rerender(panel('team-c'));
    answers[1]!({ documents: [doc] });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dry run' })).toHaveProperty('disabled', false));
    expect(screen.queryByRole('list', { name: 'Dry run results' })).toBeNull();
    rerender(panel('team-b'));
    expect(screen.getByRole('list', { name: 'Dry run results' }).textContent).toContain('Pipeline ci (line 1): would be created');
  });

  it('after a dry run, Show diff opens a document\'s diff (empty left side for a create); Escape or Close closes it', async () => {
    const apply = vi.fn((req: { dryRun: boolean }) =>
      Promise.resolve({
        documents: req.dryRun
          ? [
              { kind: 'Pipeline', name: 'ci', result: 'configured' as const, line: 1, diff: { live: 'script: echo hi\n', after: 'script: echo bye\n', truncated: false } },
              { kind: 'Task', name: 'new', result: 'created' as const, line: 9, diff: { after: 'kind: Task\n', truncated: true } },
              { kind: 'Task', name: 'same', result: 'unchanged' as const, line: 20 },
            ]
          : [{ kind: 'Pipeline', name: 'ci', result: 'configured' as const, line: 1 }],
      }),
    );
    render(<ApplyPanel target={{ context: 'ctx', namespace: 'team-a' }} changeTarget={noop} getText={() => 'yaml'} apply={apply} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    await screen.findByRole('list', { name: 'Dry run results' });
    expect(screen.queryByRole('button', { name: 'Show diff of Task same' })).toBeNull(); // unchanged: nothing to show

    const toggle = screen.getByRole('button', { name: 'Show diff of Pipeline ci' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const region = await screen.findByRole('region', { name: 'Diff of Pipeline ci' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(region.id);
    expect(toggle.textContent).toBe('Hide diff');
    expect((await screen.findByLabelText('Live object')).textContent).toBe('script: echo hi\n');
    expect(screen.getByLabelText('After apply').textContent).toBe('script: echo bye\n');
    expect(region.textContent).toContain('Left: the live object. Right: after apply.');
    expect(region.textContent).not.toContain('Cut at');

    fireEvent.keyDown(screen.getByLabelText('After apply'), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Diff of Pipeline ci' })).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(screen.getByRole('button', { name: 'Show diff of Task new' }));
    const created = await screen.findByRole('region', { name: 'Diff of Task new' });
    expect(created.textContent).toContain('Not in the cluster yet: the left side is empty.');
    expect(created.textContent).toContain('Cut at 128K characters per side');
    expect((await screen.findByLabelText('Live object')).textContent).toBe('');
    expect(screen.getByLabelText('After apply').textContent).toBe('kind: Task\n');
    fireEvent.click(screen.getByRole('button', { name: 'Close diff' }));
    expect(screen.queryByRole('region')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show diff of Task new' }));

    // Apply stays the explicit next step; its results have no diff.
    fireEvent.click(screen.getByRole('button', { name: 'Show diff of Pipeline ci' }));
    await screen.findByRole('region', { name: 'Diff of Pipeline ci' });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(apply).toHaveBeenLastCalledWith({ context: 'ctx', namespace: 'team-a', text: 'yaml', dryRun: false });
    await screen.findByRole('list', { name: 'Apply results' });
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.queryByRole('button', { name: /diff/ })).toBeNull();
  });
});
