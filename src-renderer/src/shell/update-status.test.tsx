import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UpdateStatus } from './update-status';
import { appActions, resetAppStore, useAppStore } from '../state/store';

const restartToUpdate = vi.fn();
vi.mock('../bridge/host', () => ({ host: () => ({ app: { restartToUpdate } }) }));

afterEach(() => {
  cleanup();
  resetAppStore();
  restartToUpdate.mockReset();
});

describe('UpdateStatus', () => {
  it('shows nothing when updates are off (browser mode)', () => {
    appActions().updateStateReceived({ state: 'off', reason: 'Updates are off in browser mode.' });
    const { container } = render(<UpdateStatus />);
    expect(container.textContent).toBe('');
  });

  it('shows download progress, then "Restart to update" which asks the host to install', async () => {
    render(<UpdateStatus />);
    act(() => appActions().updateStateReceived({ state: 'downloading', version: '1.2.0', percent: 41.6 }));
    expect(screen.getByRole('status').textContent).toBe('Updating… 42%');
    act(() => appActions().updateStateReceived({ state: 'ready', version: '1.2.0' }));
    restartToUpdate.mockResolvedValue({ restarting: true });
    await userEvent.click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(restartToUpdate).toHaveBeenCalledWith({});
    expect(useAppStore.getState().notices).toHaveLength(0);
  });

  it('says the update failed, with the reason on hover', () => {
    appActions().updateStateReceived({ state: 'idle', lastError: 'The downloaded update did not match its checksum and was discarded.' });
    render(<UpdateStatus />);
    expect(screen.getByText('Update failed').getAttribute('title')).toMatch(/checksum/);
  });
});
