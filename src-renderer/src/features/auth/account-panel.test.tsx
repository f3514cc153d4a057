import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { AuthStatus } from '../../../../src-shared/contract/auth';

// A fake host: the test pushes statuses and sees which calls the panel makes.
let observer: StreamObserver<AuthStatus> | undefined;
const calls: string[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    auth: {
      status: (_args: unknown, o: StreamObserver<AuthStatus>) => {
        observer = o;
        return () => (observer = undefined);
      },
      signIn: () => (calls.push('signIn'), Promise.resolve({ authUrl: 'https://dex.example/auth', alreadyInFlight: false, opened: false })),
      signOut: () => (calls.push('signOut'), Promise.resolve({ revoked: false })),
      cancelSignIn: () => (calls.push('cancel'), Promise.resolve({ cancelled: true })),
      githubSignIn: () => (calls.push('githubSignIn'), Promise.resolve({ userCode: 'ABCD-EFGH', verificationUri: 'https://gh/login/device', expiresAt: 0 })),
    },
  }),
}));

const { AccountPanel } = await import('./account-panel');

afterEach(() => {
  calls.length = 0;
});

const base: AuthStatus = { state: 'signed-out', storage: 'memory', contexts: [], profileName: 'pipe-sandbox', issuer: 'https://dex' };

describe('PIPE account panel', () => {
  it('offers sign-in, opens Dex in a named tab, shows who is signed in and the GitHub code', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    render(<AccountPanel />);
    act(() => observer!.next(base));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to PIPE' }));
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith('https://dex.example/auth', 'pipe-desktop-sign-in'));
    act(() => observer!.next({ ...base, state: 'signing-in', authUrl: 'https://dex.example/auth' }));
    expect(screen.getByText('Finish signing in in your browser.')).toBeTruthy();
    act(() =>
      observer!.next({
        ...base,
        state: 'signed-in',
        user: { username: 'dev@pipe.example', groups: ['pipe-sandbox:team-a'], expiresAt: Date.now() + 600_000 },
        github: { state: 'waiting', userCode: 'ABCD-EFGH', verificationUri: 'https://gh/login/device' },
      }),
    );
    expect(screen.getByTestId('auth-user').textContent).toBe('dev@pipe.example');
    expect(screen.getByTestId('auth-groups').textContent).toBe('pipe-sandbox:team-a');
    expect(screen.getByTestId('github-user-code').textContent).toBe('ABCD-EFGH');
    expect(screen.getByText('Kept in memory only (no OS keychain).')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(calls).toContain('signOut'));
    open.mockRestore();
  });

  it('after a failed refresh says so once and offers to sign in again', () => {
    render(<AccountPanel />);
    act(() => observer!.next({ ...base, state: 'expired', error: { reason: 'refresh-failed', message: 'Your PIPE session ended. Sign in again.' } }));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
  });
});
