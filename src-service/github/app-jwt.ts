// GitHub App JSON Web Token (RS256, signed with node:crypto): iat 60 s in the past (clock drift), exp ≤ 10 minutes.
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

/** Lifetime GitHub allows at most (10 minutes); we use 9 to stay clear of drift. */
const LIFETIME_SECONDS = 9 * 60;

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Parses a PEM private key (PKCS#1 as GitHub downloads it, or PKCS#8); `\n` escapes from env files are accepted. */
export function parsePrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
}

/** Signs an App JWT for `appId` (numeric App ID or client ID) valid from now-60 s to now+9 min. */
export function createAppJwt(
  appId: string,
  key: KeyObject,
  nowMs = Date.now(),
): { token: string; expiresAt: number } {
  const now = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = {
    iat: now - 60,
    exp: now + LIFETIME_SECONDS,
    iss: /^\d+$/.test(appId) ? Number(appId) : appId,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
  return { token: `${signingInput}.${base64url(signature)}`, expiresAt: (now + LIFETIME_SECONDS) * 1000 };
}
