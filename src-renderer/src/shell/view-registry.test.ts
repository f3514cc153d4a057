import { afterEach, describe, expect, it, vi } from 'vitest';
import { getContributions, registerCommand, registerDockPanel, registerMainView, resetViewRegistry, runCommand } from './view-registry';

const Empty = () => null;

afterEach(() => resetViewRegistry());

describe('view registry', () => {
  it('sorts by order and removes with the returned disposer', () => {
    const a = registerMainView({ id: 'a', title: 'A', component: Empty, order: 20 });
    registerMainView({ id: 'b', title: 'B', component: Empty, order: 10 });
    expect(getContributions().mainViews.map((v) => v.id)).toEqual(['b', 'a']);
    a();
    expect(getContributions().mainViews.map((v) => v.id)).toEqual(['b']);
  });

  it('lets a feature replace a placeholder with the same id, and keeps it when the placeholder is unregistered', () => {
    const placeholder = registerDockPanel({ id: 'terminal', title: 'Terminal', component: Empty });
    registerDockPanel({ id: 'terminal', title: 'Real terminal', component: Empty });
    placeholder();
    expect(getContributions().dockPanels.map((p) => p.title)).toEqual(['Real terminal']);
  });

  it('runs commands by id and respects `when`', async () => {
    const run = vi.fn();
    let enabled = false;
    registerCommand({ id: 'x', title: 'X', run, when: () => enabled });
    expect(await runCommand('x')).toBe(false);
    enabled = true;
    expect(await runCommand('x')).toBe(true);
    expect(run).toHaveBeenCalledOnce();
    expect(await runCommand('missing')).toBe(false);
  });
});
