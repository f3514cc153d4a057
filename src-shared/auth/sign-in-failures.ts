// Why a sign-in failed, and what the user should do about each; the one place for this text.

/** Every specific way a sign-in can fail. */
export const SIGN_IN_FAILURES = [
  'no-profile',
  'no-dex',
  'dex-unreachable',
  'discovery-invalid',
  'client-rejected',
  'redirect-refused',
  'dex-error',
  'state-mismatch',
  'code-expired',
  'bad-signature',
  'wrong-issuer',
  'wrong-audience',
  'nonce-mismatch',
  'token-expired',
  'timeout',
  'cancelled',
  'refresh-failed',
] as const;

export type SignInFailure = (typeof SIGN_IN_FAILURES)[number];

/** User-facing text per failure: what happened and what to do. */
export const SIGN_IN_FAILURE_TEXT: Readonly<Record<SignInFailure, string>> = {
  'no-profile': 'No PIPE profile is known. Give the profile URL or file in Settings, then sign in.',
  'no-dex':
    'The PIPE profile names no Dex (its dex.issuer and dex.clientId are missing), so there is nothing to sign in to. Ask your PIPE administrators to add them, or use another profile.',
  'dex-unreachable':
    'The PIPE sign-in server (Dex) cannot be reached. Check your network or VPN and try again.',
  'discovery-invalid':
    'The sign-in server did not publish a valid OpenID configuration. Check the issuer URL in the PIPE profile.',
  'client-rejected':
    'The sign-in server does not know this app (wrong client id in the PIPE profile). Ask your PIPE administrators to fix the profile.',
  'redirect-refused':
    'The sign-in server refused to send you back to the app (redirect URI not allowed for this client). Ask your PIPE administrators to allow loopback redirects.',
  'dex-error':
    'The sign-in server reported an error (shown above). Try again, or ask your PIPE administrators.',
  'state-mismatch':
    'The answer from the browser did not belong to this sign-in (state mismatch). Start the sign-in again.',
  'code-expired': 'The sign-in code expired or was already used. Start the sign-in again.',
  'bad-signature':
    'The ID token signature did not verify against the sign-in server keys. Sign-in refused; report this to your PIPE administrators.',
  'wrong-issuer': 'The ID token came from a different issuer than the PIPE profile names. Sign-in refused.',
  'wrong-audience': 'The ID token was issued for a different app (audience). Sign-in refused.',
  'nonce-mismatch':
    'The ID token did not carry this sign-in\u2019s nonce (possible replay). Start the sign-in again.',
  'token-expired':
    'The ID token had already expired when it arrived. Check your computer\u2019s clock and sign in again.',
  timeout: 'The sign-in was not completed in time. Try again.',
  cancelled: 'The sign-in was cancelled.',
  'refresh-failed': 'Your PIPE session ended (the sign-in server refused to renew it). Sign in again.',
};

/** True when a string is a known failure reason. */
export function isSignInFailure(value: unknown): value is SignInFailure {
  return typeof value === 'string' && (SIGN_IN_FAILURES as readonly string[]).includes(value);
}
