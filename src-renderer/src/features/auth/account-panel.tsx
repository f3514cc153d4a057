// The PIPE account: sign in (or give a profile), who I am, groups, session expiry, sign out.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { updateSettings } from '../../bridge/settings-actions';
import type { GithubStatus } from '../../../../src-shared/contract/auth';
import { cancelSignIn, githubCancel, githubSignIn, githubSignOut, signIn, signOut } from './auth-actions';
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

/** GitHub's own sign-in (device flow): the code to enter while waiting. */
function GithubSection({ github }: { github: GithubStatus | undefined }): ReactElement | null {
  if (!github || github.state === 'unavailable') return null;
  return (
    <div className="auth__github" data-testid="github-panel" data-state={github.state}>
      {github.state === 'signed-in' && (
        <>
          <p className="auth__muted">
            GitHub: <span data-testid="github-login">{github.login}</span>
          </p>
          <button type="button" className="btn" onClick={() => void githubSignOut()}>
            Sign out of GitHub
          </button>
        </>
      )}
      {github.state === 'waiting' && (
        <>
          <p className="auth__muted">
            Enter <strong data-testid="github-user-code">{github.userCode}</strong> at{' '}
            <a href={github.verificationUri} target="pipe-desktop-github-device" rel="noreferrer">
              {github.verificationUri}
            </a>
          </p>
          <button type="button" className="btn" onClick={() => void githubCancel()}>
            Cancel
          </button>
        </>
      )}
      {github.state === 'signed-out' && (
        <>
          {github.error && <p className="auth__error">{github.error}</p>}
          <button type="button" className="btn" onClick={() => void githubSignIn()}>
            Sign in to GitHub
          </button>
        </>
      )}
    </div>
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
  if (!status) return <p className="auth__muted" aria-busy={problem ? undefined : true}>{problem ?? 'Loading…'}</p>;
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
            {status.profileName
              ? `Profile ${status.profileName}`
              : 'No PIPE profile is known yet: it comes from the core cluster, a URL or a file.'}
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
          <GithubSection github={status.github} />
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
