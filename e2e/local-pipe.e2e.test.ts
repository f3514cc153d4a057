// Start a local PIPE from an empty app in Chromium: start page → the sandbox starts inside the host (cached binaries),
// the app signs in through its Dex and fake GitHub, the PIPE clusters appear as the sandbox user; quitting the app
// stops every sandbox process.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeDataDir, openApp, removeDataDir, saveScreenshot, startHostProcess, waitForShell, type HostProcess } from './harness';
import { useE2e } from './fixtures';

/** Pids of the running (not zombie) children of `parent`. */
function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // Gone while reading.
    }
  }
  return out;
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('Start a local PIPE', () => {
  const e2e = useE2e();
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    // The host gets a fresh HOME; the sandbox binaries stay where the test machine cached them.
    host = await startHostProcess({ dataDir: makeDataDir(), env: { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME || join(homedir(), '.cache') } });
    page = e2e.track(await openApp(e2e.browser(), host));
    await waitForShell(page);
  });
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  }, 60_000);

  it('starts from the start page, signs in as the sandbox user, and quitting the app stops it', async () => {
    await page.getByRole('button', { name: 'Start a local PIPE' }).click();
    const view = page.getByTestId('local-pipe');
    await view.waitFor();
    await page.locator('[data-testid="local-pipe"][data-state="starting"], [data-testid="local-pipe"][data-state="signing-in"], [data-testid="local-pipe"][data-state="running"]').first().waitFor();
    await saveScreenshot(page, 'local-pipe-1-starting');
    await page.locator('[data-testid="local-pipe"][data-state="running"]').waitFor({ timeout: 200_000 });
    await view.getByRole('status').getByText('Signed in as').waitFor();
    expect(await view.getByRole('status').textContent()).toBe('The local PIPE is running. Signed in as dev@pipe.example.');
    expect(await page.getByTestId('local-pipe-log').textContent()).toMatch(/all ready in/);

    // The PIPE clusters of the sandbox profile, as the signed-in user (status bar).
    const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
    await sidebar.getByRole('group', { name: 'Core' }).getByRole('button', { name: /^pipe-pipe-sandbox-core,/ }).waitFor();
    await sidebar.getByRole('group', { name: 'Runtime · local-1' }).getByRole('button', { name: /^pipe-pipe-sandbox-runtime,/ }).waitFor();
    await page.getByTestId('auth-status-user').getByText('dev@pipe.example').waitFor();
    await saveScreenshot(page, 'local-pipe-2-running');

    const sandboxPids = childrenOf(host.pid);
    expect(sandboxPids.length).toBeGreaterThan(4);
    // Quit the app as a user would (SIGTERM); its shutdown signs out and stops the sandbox before the process exits.
    const exited = new Promise((r) => host.child.once('exit', r));
    host.child.kill('SIGTERM');
    await exited;
    await host.stop(); // already ended: only tells the fixtures this end was on purpose
    expect(sandboxPids.filter(running)).toEqual([]);
  }, 240_000);
});
