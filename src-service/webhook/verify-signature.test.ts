import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './verify-signature';

describe('verifySignature', () => {
  const secret = "It's a Secret to Everybody";
  const body = Buffer.from('Hello, World!');

  it("matches GitHub's documented example and @octokit/webhooks-methods", async () => {
    // docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signBody(secret, body)).toBe(expected);
    expect(await sign(secret, body.toString())).toBe(expected);
    expect(verifySignature(secret, body, expected)).toBe(true);
  });

  it('rejects missing, malformed, wrong-secret and tampered signatures', () => {
    const good = signBody(secret, body);
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, '')).toBe(false);
    expect(verifySignature(secret, body, good.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifySignature(secret, body, 'sha256=abc')).toBe(false);
    expect(verifySignature(secret, body, `${good}00`)).toBe(false);
    expect(verifySignature('another secret', body, good)).toBe(false);
    expect(verifySignature(secret, Buffer.from('Hello, World?'), good)).toBe(false);
  });

  it('accepts upper-case hex', () => {
    const good = signBody(secret, body);
    expect(verifySignature(secret, body, 'sha256=' + good.slice(7).toUpperCase())).toBe(true);
  });
});
