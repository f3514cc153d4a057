// A setting survives a host restart: change the theme, restart the host process, reload, still set.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, startHostProcess, waitForShell, type HostProcess } from './harness';
import { useE2e } from './fixtures';

describe('settings', () => {
  const e2e = useE2e();
  const dataDir = makeDataDir();
  const hosts: HostProcess[] = [];
  afterAll(async () => {
    for (const h of hosts) await h.stop();
    removeDataDir(dataDir);
  });

  it('setting survives a host restart', async () => {
    const first = await startHostProcess({ dataDir });
    hosts.push(first);
    const context = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = e2e.track(await context.newPage());
    await page.goto(first.url);
    await waitForShell(page);

    await page.keyboard.press('Control+K');
    await page.keyboard.type('theme dark');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).theme).toBe('dark');

    await first.stop();
    await page.locator('[data-connection="disconnected"]').waitFor();

    // Same port and data folder; a new launch secret, so the page opens the new URL.
    const second = await startHostProcess({ dataDir, port: first.port });
    hosts.push(second);
    expect(second.secret).not.toBe(first.secret);
    const fresh = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const reloaded = e2e.track(await fresh.newPage());
    await reloaded.goto(second.url);
    await waitForShell(reloaded);
    await reloaded.keyboard.press('Control+,');
    const dark = reloaded.getByRole('radio', { name: 'Dark' });
    await dark.waitFor();
    expect(await dark.getAttribute('aria-checked')).toBe('true');
    expect(await reloaded.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await context.close();
  });
});
