// Sign in / out from the UI. Browser mode opens Dex in a named tab, so a second click focuses the same tab.
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';

const SIGN_IN_TAB = 'pipe-desktop-sign-in';
let signInTab: Window | null = null;

/** Starts (or re-shows) the sign-in. */
export async function signIn(): Promise<void> {
  try {
    const { authUrl, alreadyInFlight, opened } = await host().auth.signIn({});
    if (opened) return;
    if (alreadyInFlight && signInTab && !signInTab.closed) {
      signInTab.focus();
      return;
    }
    signInTab = window.open(authUrl, SIGN_IN_TAB);
  } catch (err) {
    reportError('Signing in to PIPE', err);
  }
}

/** Stops waiting for the browser. */
export async function cancelSignIn(): Promise<void> {
  try {
    await host().auth.cancelSignIn({});
  } catch (err) {
    reportError('Cancelling the sign-in', err);
  }
}

/** Signs out: forgets the session and removes the PIPE clusters. */
export async function signOut(): Promise<void> {
  try {
    await host().auth.signOut({});
  } catch (err) {
    reportError('Signing out of PIPE', err);
  }
}

/** Starts GitHub's device flow; the panel shows the code and opens the verification page. */
export async function githubSignIn(): Promise<void> {
  try {
    const { verificationUri } = await host().auth.githubSignIn({});
    window.open(verificationUri, 'pipe-desktop-github-device');
  } catch (err) {
    reportError('Signing in to GitHub', err);
  }
}

/** Stops waiting for GitHub. */
export async function githubCancel(): Promise<void> {
  await host().auth.githubCancel({}).catch((err: unknown) => reportError('Cancelling the GitHub sign-in', err));
}

/** Forgets the GitHub token. */
export async function githubSignOut(): Promise<void> {
  await host().auth.githubSignOut({}).catch((err: unknown) => reportError('Signing out of GitHub', err));
}
