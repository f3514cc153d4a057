import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApplyPanel } from './apply-panel';

describe('ApplyPanel', () => {
  it('sends the text with context and namespace, and lists each document with the refusal message', async () => {
    const apply = vi.fn(() =>
      Promise.resolve({
        documents: [
          { kind: 'Pipeline', name: 'ok', result: 'created' as const, line: 1 },
          { kind: 'Pipeline', name: 'bad', result: 'error' as const, line: 12, message: 'denied request: no privileged steps' },
        ],
      }),
    );
    render(<ApplyPanel getText={() => 'yaml text'} apply={apply} />);
    const dry = screen.getByRole('button', { name: 'Dry run' });
    expect(dry).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByRole('textbox', { name: 'Context' }), { target: { value: 'ctx' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Namespace' }), { target: { value: 'team-a' } });
    fireEvent.click(dry);
    expect(apply).toHaveBeenCalledWith({ context: 'ctx', namespace: 'team-a', text: 'yaml text', dryRun: true });
    const list = await screen.findByRole('list', { name: 'Dry run results' });
    expect(list.textContent).toContain('Pipeline ok (line 1): would be created');
    expect(list.textContent).toContain('Pipeline bad (line 12): error');
    expect(list.textContent).toContain('denied request: no privileged steps');
  });

  it('shows a refused request as an alert', async () => {
    render(<ApplyPanel getText={() => 'x'} apply={() => Promise.reject(new Error('The YAML has 51 documents'))} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Context' }), { target: { value: 'ctx' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Namespace' }), { target: { value: 'team-a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The YAML has 51 documents'));
  });
});
