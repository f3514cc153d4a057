import { describe, expect, it } from 'vitest';
import { findDeepLinkArg, parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
  it('parses open-view links with params', () => {
    expect(parseDeepLink('pipe-desktop://open/pipeline-runs?context=kind-pipe&ns=ci')).toEqual({
      kind: 'open-view',
      viewId: 'pipeline-runs',
      params: { context: 'kind-pipe', ns: 'ci' },
    });
    expect(parseDeepLink('pipe-desktop://open/settings/')).toEqual({ kind: 'open-view', viewId: 'settings', params: {} });
  });

  it('parses auth callbacks', () => {
    expect(parseDeepLink('pipe-desktop://auth/callback?code=abc&state=xyz')).toEqual({ kind: 'auth-callback', params: { code: 'abc', state: 'xyz' } });
  });

  it('refuses links that are not ours or are malformed', () => {
    for (const bad of [
      'https://example.com/open/settings',
      'pipe-desktop://open/',
      'pipe-desktop://open/a/b',
      'pipe-desktop://open/..',
      'pipe-desktop://open/%E0%A4%A',
      'pipe-desktop://open/has space',
      'pipe-desktop://unknown/thing',
      'pipe-desktop://auth/other',
      'pipe-desktop://open/x?a=1&a=2',
      'pipe-desktop://open/x?__proto__=1',
      `pipe-desktop://open/x?a=${'y'.repeat(9000)}`,
      'not a url',
    ]) {
      expect(parseDeepLink(bad), bad).toBeUndefined();
    }
  });

  it('limits the number of params', () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v`).join('&');
    expect(parseDeepLink(`pipe-desktop://open/x?${many}`)).toBeUndefined();
  });
});

describe('findDeepLinkArg', () => {
  it('finds the link among other arguments (Windows/Linux second instance)', () => {
    expect(findDeepLinkArg(['/usr/bin/pipe-desktop', '--flag', 'pipe-desktop://open/settings'])).toBe('pipe-desktop://open/settings');
    expect(findDeepLinkArg(['/usr/bin/pipe-desktop', '--flag'])).toBeUndefined();
  });
});
