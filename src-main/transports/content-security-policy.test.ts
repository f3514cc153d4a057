import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CSP_RELAXATIONS } from './content-security-policy';

const directives = (csp: string): Map<string, string[]> =>
  new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as [string, string[]]));

describe('content security policy', () => {
  it('has no unsafe source beyond the relaxations that name their reason, and none for scripts', () => {
    expect(contentSecurityPolicy([], [])).not.toContain('unsafe');
    for (const relaxation of CSP_RELAXATIONS) {
      expect(relaxation.reason.length, relaxation.directive).toBeGreaterThan(20);
      expect(['style-src-elem', 'style-src-attr', 'img-src', 'font-src', 'worker-src'], relaxation.directive).toContain(relaxation.directive);
    }
    const d = directives(contentSecurityPolicy());
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds the WebSocket origin to connect-src', () => {
    expect(directives(contentSecurityPolicy(['ws://pipe-x.localhost:1'])).get('connect-src')).toEqual(["'self'", 'ws://pipe-x.localhost:1']);
  });

  it('applies a relaxation to its directive only, once', () => {
    const csp = contentSecurityPolicy(
      [],
      [
        { directive: 'style-src-elem', sources: ["'self'", "'unsafe-inline'"], reason: 'a library injects <style> elements' },
        { directive: 'img-src', sources: ['data:', 'blob:'], reason: 'a feature shows images it builds in memory' },
      ],
    );
    const d = directives(csp);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('style-src-elem')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });
});
