import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveAppRequest } from './app-protocol';
import { contentSecurityPolicy } from '../transports/content-security-policy';

const dir = '/opt/pipe/out/renderer';

describe('resolveAppRequest', () => {
  it('maps app://renderer paths to files with the renderer CSP', () => {
    const r = resolveAppRequest('app://renderer/assets/index-abc.js', dir);
    expect(r?.file).toBe(join(dir, 'assets/index-abc.js'));
    expect(r?.headers['content-type']).toMatch(/javascript/);
    expect(r?.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(r?.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves index.html for the root and app routes', () => {
    expect(resolveAppRequest('app://renderer/', dir)?.file).toBe(join(dir, 'index.html'));
    expect(resolveAppRequest('app://renderer/clusters/kind', dir)?.file).toBe(join(dir, 'index.html'));
  });

  it('refuses other hosts, schemes and escapes', () => {
    expect(resolveAppRequest('app://elsewhere/index.html', dir)).toBeUndefined();
    expect(resolveAppRequest('file:///opt/pipe/out/renderer/index.html', dir)).toBeUndefined();
    // The URL parser folds dot segments, so this stays inside the folder.
    expect(resolveAppRequest('app://renderer/%2e%2e/%2e%2e/main/index.js', dir)?.file).toBe(join(dir, 'main/index.js'));
    expect(resolveAppRequest('app://renderer/..%2F..%2Fsecret.txt', dir)).toBeUndefined();
    expect(resolveAppRequest('not a url', dir)).toBeUndefined();
  });
});
