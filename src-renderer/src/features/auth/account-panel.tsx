// The PIPE account: sign in (or give a profile), who I am, groups, session expiry, sign out.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { updateSettings } from '../../bridge/settings-actions';
import { cancelSignIn, signIn, signOut } from './auth-actions';
import { retainAuthStatus, useAuthProblem, useAuthStatus } from './auth-store';
import './auth.css';

function ProfileForm(): ReactElement {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (value.trim()) void updateSettings({ profileUrl: value.trim() });
  };
  return (
    <form className="auth__profile" onSubmit={submit}>
      <label htmlFor="auth-profile-url">PIPE profile URL or file</label>
      <input
        id="auth-profile-url"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="https://…/profile.json or /path/profile.json"
      />
      <button type="submit" className="btn">
        Use profile
      </button>
    </form>
  );
}

function expiresText(expiresAt: number): string {
  return new Date(expiresAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Sidebar section and start-page view content. */
export function AccountPanel(): ReactElement {
  useEffect(() => retainAuthStatus(), []);
  const status = useAuthStatus();
  const problem = useAuthProblem();
  if (!status) return <p className="auth__muted">{problem ?? 'Loading…'}</p>;
  const error =
    status.error && status.state !== 'signed-in' ? (
      <p className="auth__error" role="alert" data-testid="auth-error">
        {status.error.message}
      </p>
    ) : null;
  switch (status.state) {
    case 'no-profile':
      return (
        <div className="auth" data-testid="auth-panel" data-state={status.state}>
          <p className="auth__muted">
            No PIPE profile is known yet: it comes from the core cluster, a URL or a file.
          </p>
          <ProfileForm />
          {error}
        </div>
      );
    case 'signing-in':
      return (
        <div className="auth" data-testid="auth-panel" data-state={status.state}>
          <p>Finish signing in in your browser.</p>
          <div className="auth__actions">
            <button type="button" className="btn" onClick={() => void signIn()}>
              Show sign-in page
            </button>
            <button type="button" className="btn" onClick={() => void cancelSignIn()}>
              Cancel
            </button>
          </div>
        </div>
      );
    case 'signed-in':
      return (
        <div className="auth" data-testid="auth-panel" data-state={status.state}>
          <p className="auth__user" data-testid="auth-user">
            {status.user?.username}
          </p>
          {status.user && status.user.groups.length > 0 && (
            <p className="auth__muted" data-testid="auth-groups">
              {status.user.groups.join(', ')}
            </p>
          )}
          {status.user && (
            <p className="auth__muted">Session renews before {expiresText(status.user.expiresAt)}</p>
          )}
          {status.storage === 'memory' && (
            <p className="auth__muted">Kept in memory only (no OS keychain).</p>
          )}
          <button type="button" className="btn" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      );
    default:
      return (
        <div className="auth" data-testid="auth-panel" data-state={status.state}>
          {status.profileName && <p className="auth__muted">Profile {status.profileName}</p>}
          {error}
          <button type="button" className="btn btn--primary" onClick={() => void signIn()}>
            {status.state === 'expired' ? 'Sign in again' : 'Sign in to PIPE'}
          </button>
        </div>
      );
  }
}
