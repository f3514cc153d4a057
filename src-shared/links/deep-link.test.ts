import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  describeDeepLink,
  findDeepLinkArg,
  formatDeepLink,
  formatDeepLinkRoute,
  parseDeepLink,
  parseDeepLinkRoute,
  type DeepLink,
} from './deep-link';

describe('parseDeepLink', () => {
  it('parses open-view links with params', () => {
    expect(parseDeepLink('pipe-desktop://open/pipeline-runs?context=kind-pipe&ns=ci')).toEqual({
      kind: 'open-view',
      viewId: 'pipeline-runs',
      params: { context: 'kind-pipe', ns: 'ci' },
    });
    expect(parseDeepLink('pipe-desktop://open/settings/')).toEqual({ kind: 'open-view', viewId: 'settings', params: {} });
  });

  it('parses the run links pipe-events writes into commit statuses and check runs', () => {
    expect(parseDeepLink('pipe-desktop://runs/default/team-a/build-3f2a1')).toEqual({
      kind: 'run',
      cluster: 'default',
      namespace: 'team-a',
      name: 'build-3f2a1',
    });
    // Context names are free text (EKS ARNs hold slashes and colons): encoded as one segment.
    expect(parseDeepLink('pipe-desktop://runs/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fprod/ci/r.1')).toEqual({
      kind: 'run',
      cluster: 'arn:aws:eks:us-east-1:1:cluster/prod',
      namespace: 'ci',
      name: 'r.1',
    });
  });

  it('parses auth callbacks and never describes their secrets', () => {
    const link = parseDeepLink('pipe-desktop://auth/callback?code=abc&state=xyz');
    expect(link).toEqual({ kind: 'auth-callback', params: { code: 'abc', state: 'xyz' } });
    expect(describeDeepLink(link!)).not.toMatch(/abc|xyz/);
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
      'pipe-desktop://runs/default/team-a',
      'pipe-desktop://runs/default/team-a/run/extra',
      'pipe-desktop://runs/default/Team_A/run',
      'pipe-desktop://runs/default/team-a/Run',
      'pipe-desktop://runs//team-a/run',
      'pipe-desktop://runs/default/team-a/run?x=1',
      'pipe-desktop://runs/a%00b/team-a/run',
    ]) {
      expect(parseDeepLink(bad), bad).toBeUndefined();
    }
  });

  it('refuses too many params', () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v`).join('&');
    expect(parseDeepLink(`pipe-desktop://open/x?${many}`)).toBeUndefined();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        parseDeepLink(`pipe-desktop://${s}`);
        parseDeepLinkRoute(s);
      }),
      { seed: 9, numRuns: 3000 },
    );
  });
});

describe('formatDeepLink', () => {
  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
  const link: fc.Arbitrary<DeepLink> = fc.oneof(
    fc.record({
      kind: fc.constant('run' as const),
      cluster: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => [...s].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)),
      namespace: label,
      name: label,
    }),
    fc.record({
      kind: fc.constant('open-view' as const),
      viewId: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
      params: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9 &=?%+]{0,10}$/), fc.string({ maxLength: 30 }), { maxKeys: 5 }),
    }),
  );

  it('round-trips through the parser, with and without the scheme', () => {
    fc.assert(
      fc.property(link, (l) => {
        expect(parseDeepLink(formatDeepLink(l))).toEqual(l);
        expect(parseDeepLinkRoute(formatDeepLinkRoute(l))).toEqual(l);
      }),
      { seed: 4, numRuns: 2000 },
    );
  });

  it('writes the run link shape pipe-events documents', () => {
    expect(formatDeepLink({ kind: 'run', cluster: 'runtime-kr1', namespace: 'team-a', name: 'ci-x' })).toBe(
      'pipe-desktop://runs/runtime-kr1/team-a/ci-x',
    );
  });
});

describe('findDeepLinkArg', () => {
  it('finds the link among command-line arguments', () => {
    expect(findDeepLinkArg(['/usr/bin/pipe-desktop', '--flag', 'pipe-desktop://open/settings'])).toBe('pipe-desktop://open/settings');
    expect(findDeepLinkArg(['/usr/bin/pipe-desktop', '--flag'])).toBeUndefined();
  });
});
