import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { GitHubApi } from './github-api';
import { createGitHubHttp } from './github-http';
import { RateLimitedError, rateLimitDelayMs } from './rate-limit';
import { StaticTokenProvider } from './token-provider';

describe('rateLimitDelayMs', () => {
  const now = 1_700_000_000_000;
  it('honours retry-after (seconds or date) first', () => {
    expect(rateLimitDelayMs(403, { 'retry-after': '30' }, now, 0)).toBe(30_000);
    expect(rateLimitDelayMs(429, { 'retry-after': new Date(now + 5000).toUTCString() }, now, 0)).toBe(5000);
  });
  it('waits for x-ratelimit-reset when the quota is spent', () => {
    expect(
      rateLimitDelayMs(
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 10) },
        now,
        0,
      ),
    ).toBe(11_000);
  });
  it('backs off exponentially from a minute for a bare 429, and ignores other statuses', () => {
    expect(rateLimitDelayMs(429, {}, now, 1)).toBe(120_000);
    expect(rateLimitDelayMs(403, { 'x-ratelimit-remaining': '12' }, now, 0)).toBeUndefined();
    expect(rateLimitDelayMs(500, { 'retry-after': '1' }, now, 0)).toBeUndefined();
  });
});

describe('GitHub client rate limits and ETags', () => {
  let gh: FakeGithub;
  let commit: string;
  beforeAll(async () => {
    gh = await startFakeGithub({ tokens: ['t0k'] });
    commit = gh.repo('acme/app').commit({ 'README.md': 'hi' });
  });
  afterAll(() => gh.dispose());

  function client(maxWaitMs = 5_000) {
    const metrics = createServiceMetrics();
    const waits: number[] = [];
    const http = createGitHubHttp({
      baseUrl: gh.url,
      metrics,
      logger: silentLogger,
      maxWaitMs,
      sleep: async (ms) => void waits.push(ms),
    });
    return { api: new GitHubApi(http, new StaticTokenProvider('t0k')), metrics, waits };
  }

  it('retries after a secondary rate limit with retry-after', async () => {
    const { api, waits, metrics } = client();
    gh.inject({
      match: /git\/commits/,
      status: 403,
      headers: { 'retry-after': '2' },
      message: 'You have exceeded a secondary rate limit',
    });
    expect((await api.getCommit({ owner: 'acme', repo: 'app' }, commit)).treeSha).toMatch(/^[0-9a-f]{40}$/);
    expect(waits).toEqual([2000]);
    expect(await metrics.githubRateLimited.get({ kind: 'retry-after' })).toBe(1);
  });

  it('fails with RateLimitedError when the wait is longer than allowed', async () => {
    const { api } = client(1000);
    gh.inject({
      match: /git\/commits/,
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600),
      },
    });
    await expect(api.getCommit({ owner: 'acme', repo: 'app' }, commit)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('does not retry a permission 403', async () => {
    const { api, waits } = client();
    gh.inject({ match: /git\/commits/, status: 403, message: 'Resource not accessible by integration' });
    await expect(api.getCommit({ owner: 'acme', repo: 'app' }, commit)).rejects.toMatchObject({
      status: 403,
    });
    expect(waits).toEqual([]);
  });

  it('sends If-None-Match and serves a 304 from the cache', async () => {
    const { api } = client();
    const before = gh.records.requests.length;
    const a = await api.resolveCommit({ owner: 'acme', repo: 'app' }, 'main');
    const b = await api.resolveCommit({ owner: 'acme', repo: 'app' }, 'main');
    expect(b).toEqual(a);
    expect(gh.records.requests.slice(before).map((r) => r.status)).toEqual([200, 304]);
  });
});
