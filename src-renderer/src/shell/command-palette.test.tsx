import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CommandPalette } from './command-palette';
import { registerCommand, registerMainView, resetViewRegistry } from './view-registry';
import { appActions, resetAppStore, useAppStore } from '../state/store';

const runDark = vi.fn();
const runLight = vi.fn();

beforeEach(() => {
  registerCommand({ id: 'theme.dark', title: 'Dark', category: 'Theme', run: runDark });
  registerCommand({ id: 'theme.light', title: 'Light', category: 'Theme', run: runLight });
  registerCommand({ id: 'hidden', title: 'Hidden thing', run: vi.fn(), when: () => false });
  registerMainView({ id: 'settings', title: 'Settings', component: () => <p>settings</p> });
});

afterEach(() => {
  resetViewRegistry();
  resetAppStore();
  vi.clearAllMocks();
});

function open() {
  render(<CommandPalette />);
  act(() => appActions().paletteOpened());
  return screen.getByRole('combobox');
}

describe('CommandPalette', () => {
  it('renders nothing while closed', () => {
    render(<CommandPalette />);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('lists available commands and view entries, focusing the input', () => {
    const input = open();
    expect(document.activeElement).toBe(input);
    const labels = screen.getAllByRole('option').map((o) => o.textContent);
    expect(labels).toEqual(['Theme: Dark', 'Theme: Light', 'Open: Settings']);
  });

  it('filters fuzzily and runs the selected command with Enter', async () => {
    const user = userEvent.setup();
    open();
    await user.keyboard('lig');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Theme: Light']);
    await user.keyboard('{Enter}');
    expect(runLight).toHaveBeenCalledOnce();
    expect(useAppStore.getState().isPaletteOpen).toBe(false);
    expect(useAppStore.getState().recentCommandIds).toEqual(['theme.light']);
  });

  it('moves the selection with arrow keys (wrapping) and opens views', async () => {
    const user = userEvent.setup();
    open();
    await user.keyboard('{ArrowUp}');
    expect(screen.getAllByRole('option')[2]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(useAppStore.getState().tabs.map((t) => t.viewId)).toEqual(['settings']);
  });

  it('says when nothing matches, and closes with Escape', async () => {
    const user = userEvent.setup();
    open();
    await user.keyboard('qqqq');
    expect(screen.getByRole('status').textContent).toMatch(/No command matches/);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(runDark).not.toHaveBeenCalled();
  });

  it('keeps focus while open: something outside grabbing it (a terminal starting) gives it back', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    try {
      const input = open();
      act(() => outside.focus());
      expect(document.activeElement).toBe(input);
    } finally {
      outside.remove();
    }
  });
});
