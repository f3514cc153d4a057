// Verifies an ID token with jose: JWKS signature, iss, aud, exp, and the sign-in's nonce.
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { OidcProvider } from './oidc-provider';
import { SignInError } from './sign-in-error';

/** Verified claims, or a SignInError naming the failed check. */
export async function verifyIdToken(
  idToken: string,
  provider: Pick<OidcProvider, 'issuer' | 'clientId' | 'keys'>,
  expected: { readonly nonce?: string; readonly now?: () => number } = {},
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, provider.keys, {
      issuer: provider.issuer,
      audience: provider.clientId,
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      ...(expected.now ? { currentDate: new Date(expected.now()) } : {}),
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new SignInError('token-expired');
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'aud') throw new SignInError('wrong-audience');
      if (err.claim === 'iss') throw new SignInError('wrong-issuer');
      throw new SignInError('bad-signature', `claim ${err.claim} invalid`);
    }
    if (
      err instanceof errors.JWKSTimeout ||
      (err instanceof Error &&
        /fetch|ECONNREFUSED|timed out/i.test(err.message) &&
        !(err instanceof errors.JOSEError))
    ) {
      throw new SignInError('dex-unreachable', 'the signing keys could not be fetched');
    }
    // Tampered signature, unknown key id, malformed token: the signature cannot be trusted.
    throw new SignInError('bad-signature');
  }
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce)
    throw new SignInError('nonce-mismatch');
  return payload;
}
