// The Octokit instance pipe-events uses: configurable base URL (GHE), metrics, ETag conditional GETs, rate-limit waits.
import { Octokit } from '@octokit/rest';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { LRUCache } from 'lru-cache';
import { isRateLimitMessage, RateLimitedError, rateLimitDelayMs } from './rate-limit';

/** Options of the shared Octokit. */
export interface GitHubHttpOptions {
  readonly baseUrl: string;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  /** Waits longer than this fail with RateLimitedError (the event is retried later from the queue). */
  readonly maxWaitMs: number;
  readonly maxRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpError(err: unknown): err is HttpErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

type CachedResponse = { etag: string; response: unknown };

/** Builds the Octokit with our hooks; callers pass the Authorization header per request. */
export function createGitHubHttp(opts: GitHubHttpOptions): Octokit {
  const octokit = new Octokit({
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    userAgent: 'pipe-events',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const etags = new LRUCache<string, CachedResponse>({ max: 2000 });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = opts.maxRetries ?? 3;

  octokit.hook.wrap('request', async (request, options) => {
    const parsed = octokit.request.endpoint.parse(options);
    const isGet = parsed.method === 'GET';
    // The authorization is part of the key: two installations never share a cached private answer.
    const key = `${String(options.headers.authorization ?? '').slice(-12)} ${parsed.url}`;
    for (let attempt = 0; ; attempt++) {
      const cached = isGet ? etags.get(key) : undefined;
      if (cached) options.headers['if-none-match'] = cached.etag;
      try {
        const response = await request(options);
        opts.metrics.githubRequests.inc({ status: `${String(response.status)[0]}xx` });
        const etag = response.headers.etag;
        if (isGet && typeof etag === 'string') etags.set(key, { etag, response });
        return response;
      } catch (err) {
        if (!isHttpError(err)) throw err;
        opts.metrics.githubRequests.inc({ status: `${String(err.status)[0]}xx` });
        if (err.status === 304 && cached) return cached.response as Awaited<ReturnType<typeof request>>;
        const headers = err.response?.headers ?? {};
        const isLimit =
          err.status === 429 ||
          (err.status === 403 &&
            (headers['retry-after'] !== undefined ||
              String(headers['x-ratelimit-remaining']) === '0' ||
              isRateLimitMessage(err.message)));
        if (!isLimit) throw err;
        const wait = rateLimitDelayMs(err.status, headers, Date.now(), attempt) ?? 60_000 * 2 ** attempt;
        opts.metrics.githubRateLimited.inc({
          kind:
            headers['retry-after'] !== undefined
              ? 'retry-after'
              : String(headers['x-ratelimit-remaining']) === '0'
                ? 'primary'
                : 'secondary',
        });
        if (attempt >= maxRetries || wait > opts.maxWaitMs)
          throw new RateLimitedError(
            Date.now() + wait,
            `GitHub rate limit on ${parsed.method} ${parsed.url}; retry after ${Math.ceil(wait / 1000)} s`,
          );
        opts.logger.warn('GitHub rate limit; waiting', { url: parsed.url, waitMs: wait, attempt });
        await sleep(wait);
      }
    }
  });
  return octokit;
}
