import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { AuthStatus } from '../../../../src-shared/contract/auth';

let observer: StreamObserver<AuthStatus> | undefined;
const calls: string[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    auth: {
      status: (_args: unknown, o: StreamObserver<AuthStatus>) => ((observer = o), () => (observer = undefined)),
      signIn: () => (calls.push('signIn'), Promise.resolve({ authUrl: 'https://dex.example/auth', alreadyInFlight: false, opened: true })),
      signOut: () => (calls.push('signOut'), Promise.resolve({ revoked: true })),
    },
  }),
}));

const { AccountStatusItem } = await import('./account-status');

afterEach(() => {
  calls.length = 0;
});

const base: AuthStatus = { state: 'signed-out', storage: 'os-keychain', contexts: [], profileName: 'pipe-sandbox', issuer: 'https://dex' };

describe('status bar account item', () => {
  it('shows nothing without a profile, offers sign-in, then who I am, my groups, the expiry, and signs out', async () => {
    const { container } = render(<AccountStatusItem />);
    act(() => observer!.next({ state: 'no-profile', storage: 'memory', contexts: [] }));
    expect(container.textContent).toBe('');

    act(() => observer!.next(base));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to PIPE' }));
    await vi.waitFor(() => expect(calls).toEqual(['signIn']));

    const expiresAt = new Date(2026, 10, 28, 21, 5, 9).getTime();
    act(() =>
      observer!.next({
        ...base,
        state: 'signed-in',
        user: { username: 'dev@pipe.example', groups: ['pipe-sandbox:team-a', 'pipe-sandbox:ops'], expiresAt },
      }),
    );
    const user = screen.getByRole('button', { name: 'PIPE account: dev@pipe.example' });
    expect(user.textContent).toBe('dev@pipe.example');
    expect(user.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(user);
    const card = screen.getByRole('dialog', { name: 'PIPE account' });
    expect(card.textContent).toContain('Groups: pipe-sandbox:team-a, pipe-sandbox:ops');
    const time = new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    expect(screen.getByTestId('auth-status-expiry').textContent).toBe(`Session expires at ${time} (renewed automatically before then)`);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(calls).toEqual(['signIn', 'signOut']));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('after a failed refresh offers "Sign in again"', () => {
    render(<AccountStatusItem />);
    act(() => observer!.next({ ...base, state: 'expired', error: { reason: 'refresh-failed', message: 'ended' } }));
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
  });
});
