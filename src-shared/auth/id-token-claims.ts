// What the app shows of an ID token: who, which groups, until when. Pure; the token is verified elsewhere.

/** The signed-in identity as the UI shows it. */
export interface SignedInUser {
  readonly username: string;
  readonly email?: string;
  readonly groups: readonly string[];
  /** ID token expiry, ms since epoch. */
  readonly expiresAt: number;
}

/** Builds the user from verified claims (email wins over name: the apiservers map `email` to the username). */
export function userFromClaims(claims: Readonly<Record<string, unknown>>): SignedInUser {
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((g): g is string => typeof g === 'string').slice(0, 500)
    : [];
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  return { username: email ?? name ?? sub, ...(email ? { email } : {}), groups, expiresAt: exp };
}

/** When to renew a token valid from `issuedAt` to `expiresAt`: at 80% of its life, and at least 30 s before the end. */
export function refreshDueAt(issuedAt: number, expiresAt: number): number {
  const life = Math.max(0, expiresAt - issuedAt);
  return Math.max(issuedAt, Math.min(issuedAt + life * 0.8, expiresAt - Math.min(30_000, life / 2)));
}
