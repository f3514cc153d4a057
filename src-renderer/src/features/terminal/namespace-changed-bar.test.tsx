import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ClustersOverview } from '../../../../src-shared/contract/clusters';
import { overviewReceived } from '../clusters/overview-store';
import { NamespaceChangedBar } from './namespace-changed-bar';

const overview = (namespace: string) =>
  ({ currentContext: 'runtime', clusters: [{ context: 'runtime', namespace }] }) as unknown as ClustersOverview;

afterEach(() => {
  cleanup();
  overviewReceived(undefined);
});

describe('NamespaceChangedBar', () => {
  const tab = { id: 't-1', title: 'runtime/team-a', kind: 'local' as const, binding: { context: 'runtime', namespace: 'team-a' } };

  it('stays quiet while the app works where the terminal does, and offers a new terminal once it moved', () => {
    overviewReceived(overview('team-a'));
    const onOpenNew = vi.fn();
    render(<NamespaceChangedBar tab={tab} onOpenNew={onOpenNew} />);
    expect(screen.queryByRole('status')).toBeNull();
    act(() => overviewReceived(overview('team-b')));
    expect(screen.getByRole('status').textContent).toContain('runtime/team-b');
    fireEvent.click(screen.getByRole('button', { name: 'Open a terminal for runtime/team-b' }));
    expect(onOpenNew).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Keep this one' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says nothing for unbound or ended terminals', () => {
    overviewReceived(overview('team-b'));
    const { rerender } = render(<NamespaceChangedBar tab={{ ...tab, binding: undefined } as never} onOpenNew={() => {}} />);
    expect(screen.queryByRole('status')).toBeNull();
    rerender(<NamespaceChangedBar tab={{ ...tab, exitText: 'Exited with code 0.' }} onOpenNew={() => {}} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
