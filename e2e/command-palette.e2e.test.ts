// The command palette: Ctrl+K, fuzzy filter, arrows + Enter run a command, Escape closes.
import { describe, expect, it } from 'vitest';
import { openApp, saveScreenshot } from './harness';
import { useE2e, useHostProcess } from './fixtures';

describe('command palette', () => {
  const e2e = useE2e();
  const hostProcess = useHostProcess();

  it('palette runs a command: Ctrl+K, type, Enter toggles the theme', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess(), { colorScheme: 'light' }));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    await page.keyboard.type('toggle light');
    const first = dialog.getByRole('option').first();
    expect(await first.textContent()).toContain('Toggle light/dark');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await saveScreenshot(page, 'palette-open');

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('palette: Escape closes and gives focus back', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    const search = page.getByRole('button', { name: 'Search commands' });
    await search.focus();
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    await page.keyboard.type('zzzz-nothing');
    await page.getByText(/No command matches/).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('palette: arrow keys choose, Enter runs the chosen command', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    // A query only one command matches: features register commands as they load, so a loose query could reorder.
    await page.keyboard.type('toggle bottom panel');
    const options = dialog.getByRole('option');
    await expect.poll(() => options.count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    expect(await options.first().textContent()).toContain('Toggle bottom panel');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Bottom panel' }).waitFor();
  });
});
