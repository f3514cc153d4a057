import { describe, expect, it } from 'vitest';
import { decideContentsGuard, decideNavigation, decideWindowOpen, isAppUrl, isExternalWebUrl } from './navigation-policy';

describe('navigation policy', () => {
  it('allows only our own app:// pages', () => {
    expect(decideNavigation('app://renderer/index.html')).toBe('allow');
    expect(decideNavigation('app://other/index.html')).toBe('deny');
    expect(isAppUrl('app://renderer/assets/x.js')).toBe(true);
  });

  it('sends web links to the system browser', () => {
    expect(decideNavigation('https://tekton.dev/docs')).toBe('open-external');
    expect(decideWindowOpen('http://example.com')).toBe('open-external');
  });

  it('refuses everything else, including credentials in web URLs', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'chrome://settings', 'https://user:pw@example.com', 'garbage']) {
      expect(decideNavigation(url), url).toBe('deny');
      expect(decideWindowOpen(url), url).toBe('deny');
    }
    expect(decideWindowOpen('app://renderer/index.html')).toBe('deny');
    expect(isExternalWebUrl('ftp://x')).toBe(false);
  });

  it('guards every webContents; one the app never creates on purpose may not navigate at all', () => {
    for (const type of ['window', 'browserView', 'remote']) expect(decideContentsGuard(type), type).toEqual({ lockDown: true, denyAllNavigation: false });
    for (const type of ['webview', 'backgroundPage', 'offscreen', 'something-new', '']) {
      expect(decideContentsGuard(type), type).toEqual({ lockDown: true, denyAllNavigation: true });
    }
  });
});
