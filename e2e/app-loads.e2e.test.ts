// The app loads in Chromium over browser mode: shell, connection, version, empty states, no errors.
import { describe, expect, it } from 'vitest';
import { openApp } from './harness';
import { useE2e, useHostProcess } from './fixtures';

describe('browser mode', () => {
  const e2e = useE2e();
  const hostProcess = useHostProcess();

  it('app loads: shell, status bar and start page', async () => {
    const errors: string[] = [];
    const context = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = e2e.track(await context.newPage());
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await page.goto(hostProcess().url);
    await page.locator('[data-shell-ready]').waitFor();
    await page.locator('[data-connection="connected"]').waitFor();

    expect(new URL(page.url()).search).toBe(''); // the secret left the address bar
    expect(await page.getByRole('heading', { name: 'Welcome to PIPE Desktop' }).isVisible()).toBe(true);
    await page.getByText('No clusters yet').first().waitFor(); // the temp HOME has no kubeconfig
    expect(await page.getByTestId('app-version').textContent()).toMatch(/^v\d+\.\d+\.\d+/);
    expect(await page.getByRole('navigation', { name: 'Sidebar' }).isVisible()).toBe(true);
    expect(await page.getByRole('tablist', { name: 'Open views' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('dark theme follows the OS', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess(), { colorScheme: 'dark' }));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.keyboard.press('Control+J');
    await page.getByRole('region', { name: 'Bottom panel' }).waitFor();
    await page.getByRole('tabpanel').getByText(/^Loading/).waitFor({ state: 'detached' });
  });

  it('keyboard: skip link, then views open from the sidebar', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    // The shell is ready only once the sidebar stops growing (its loading sections say aria-busy): a click on a view
    // below them must not land on another item. Settled here means both sections show their final empty state.
    const settingsItem = page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'Settings', exact: true });
    const atReady = await settingsItem.boundingBox();
    await page.getByTestId('auth-panel').waitFor();
    await page.getByRole('navigation', { name: 'Sidebar' }).getByText('No clusters yet').waitFor();
    expect(await settingsItem.boundingBox()).toEqual(atReady);
    await settingsItem.click();
    await page
      .getByRole('radiogroup', { name: 'Theme' })
      .waitFor()
      .catch(async (err: Error) => {
        const connection = await page.locator('[data-connection]').getAttribute('data-connection');
        throw new Error(`${err.message}\nconnection: ${connection}; the main area shows: ${await page.locator('#main').innerText()}`);
      });
    expect(await page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
  });
});
