// The status bar's PIPE account item: who I am (username, groups from the ID token), when the session expires, sign out.
import { useEffect, useState, type ReactElement } from 'react';
import type { AuthStatus } from '../../../../src-shared/contract/auth';
import { signIn, signOut } from './auth-actions';
import { retainAuthStatus, useAuthStatus } from './auth-store';
import './auth.css';

function timeText(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function AccountCard({ user, storage, onClose }: { user: NonNullable<AuthStatus['user']>; storage: AuthStatus['storage']; onClose: () => void }): ReactElement {
  return (
    <div
      className="auth-status__card"
      role="dialog"
      aria-label="PIPE account"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <p className="auth__user">{user.username}</p>
      <p className="auth__muted">Groups: {user.groups.length ? user.groups.join(', ') : 'none'}</p>
      <p className="auth__muted" data-testid="auth-status-expiry">
        Session expires at {timeText(user.expiresAt)} (renewed automatically before then)
      </p>
      {storage === 'memory' && <p className="auth__muted">Kept in memory only (no OS keychain).</p>}
      <button
        type="button"
        className="btn"
        onClick={() => {
          onClose();
          void signOut();
        }}
      >
        Sign out
      </button>
    </div>
  );
}

/** Nothing without a PIPE profile; "Sign in" while signed out; the user and a card with details while signed in. */
export function AccountStatusItem(): ReactElement | null {
  useEffect(() => retainAuthStatus(), []);
  const status = useAuthStatus();
  const [open, setOpen] = useState(false);
  if (!status || status.state === 'no-profile') return null;
  if (status.state === 'signed-in' && status.user) {
    const { user } = status;
    return (
      <span className="auth-status">
        <button
          type="button"
          className="statusbar__item statusbar__button"
          aria-expanded={open}
          aria-label={`PIPE account: ${user.username}`}
          title={`${user.username} — ${user.groups.join(', ') || 'no groups'}; session expires at ${timeText(user.expiresAt)}`}
          onClick={() => setOpen((o) => !o)}
          data-testid="auth-status-user"
        >
          {user.username}
        </button>
        {open && <AccountCard user={user} storage={status.storage} onClose={() => setOpen(false)} />}
      </span>
    );
  }
  if (status.state === 'signing-in') return <span className="statusbar__item statusbar__muted">Signing in to PIPE…</span>;
  return (
    <button
      type="button"
      className={status.state === 'expired' ? 'statusbar__item statusbar__button statusbar__button--attention' : 'statusbar__item statusbar__button'}
      onClick={() => void signIn()}
    >
      {status.state === 'expired' ? 'Sign in again' : 'Sign in to PIPE'}
    </button>
  );
}
