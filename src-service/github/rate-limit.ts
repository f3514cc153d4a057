// GitHub rate-limit answers → how long to wait: `retry-after` first, then `x-ratelimit-reset` when the quota is spent.
// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit

/** GitHub refused a call for rate limiting and the wait is longer than we accept; retry the work after `retryAt`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate-limited';
  constructor(
    readonly retryAt: number,
    message: string,
  ) {
    super(message);
  }
}

/** Milliseconds to wait before retrying, or undefined when the answer is not a rate limit. */
export function rateLimitDelayMs(
  status: number,
  headers: Readonly<Record<string, string | number | undefined>>,
  nowMs: number,
  attempt: number,
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && retryAfter !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(String(retryAfter));
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs) + 1000;
  }
  // A 429, or a 403 secondary limit without headers: GitHub asks for at least a minute, growing exponentially.
  if (status === 429) return 60_000 * 2 ** attempt;
  return undefined;
}

/** True when a 403 body says it is a (secondary) rate limit rather than a permission problem. */
export function isRateLimitMessage(message: string): boolean {
  return /rate limit/i.test(message);
}
