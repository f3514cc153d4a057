import { describe, expect, it } from 'vitest';
import { desktopRunUrl } from './run-metadata';
import { parseDeepLink } from '../../src-shared/links/deep-link';

describe('desktopRunUrl', () => {
  it('writes links the desktop app parses back to the same run', () => {
    for (const cluster of ['default', 'runtime-kr1', 'arn:aws:eks:ap-1:1:cluster/prod']) {
      const url = desktopRunUrl('pipe-desktop://runs', cluster, 'team-a', 'build-3f2a1');
      expect(parseDeepLink(url)).toEqual({ kind: 'run', cluster, namespace: 'team-a', name: 'build-3f2a1' });
    }
  });

  it('keeps a configured base (e.g. a web redirector) and its trailing slash rule', () => {
    expect(desktopRunUrl('https://pipe.example/open/', 'default', 'ns', 'r')).toBe('https://pipe.example/open/default/ns/r');
  });
});
