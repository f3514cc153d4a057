// A sign-in failure as a typed error: an RpcError whose details carry the specific reason.
import { RpcError, type ErrorCode } from '../../src-shared/contract/errors';
import { SIGN_IN_FAILURE_TEXT, type SignInFailure } from '../../src-shared/auth/sign-in-failures';

const CODE_OF: Readonly<Record<SignInFailure, ErrorCode>> = {
  'no-profile': 'invalid-config',
  'no-dex': 'invalid-config',
  'dex-unreachable': 'unavailable',
  'discovery-invalid': 'invalid-config',
  'client-rejected': 'invalid-config',
  'redirect-refused': 'invalid-config',
  'dex-error': 'unauthorized',
  'state-mismatch': 'unauthorized',
  'code-expired': 'expired',
  'bad-signature': 'unauthorized',
  'wrong-issuer': 'unauthorized',
  'wrong-audience': 'unauthorized',
  'nonce-mismatch': 'unauthorized',
  'token-expired': 'expired',
  timeout: 'timeout',
  cancelled: 'cancelled',
  'refresh-failed': 'expired',
};

/** Thrown by every step of sign-in and refresh; `reason` says exactly which check failed. */
export class SignInError extends RpcError {
  constructor(
    readonly reason: SignInFailure,
    detail?: string,
  ) {
    super(
      CODE_OF[reason],
      detail ? `${SIGN_IN_FAILURE_TEXT[reason]} (${detail})` : SIGN_IN_FAILURE_TEXT[reason],
      { reason },
    );
  }
}
