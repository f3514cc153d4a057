// Per-file e2e fixtures: one Chromium per file, a screenshot after every test (artifacts/e2e/<test>.png).
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, removeDataDir, saveScreenshot, startHostProcess, type HostProcess } from './harness';

/** The browser and the page the current test left open (screenshotted after each test). */
export interface E2eFixture {
  browser(): Browser;
  /** Sets the page to screenshot after the test. */
  track(page: Page): Page;
}

/** Registers the hooks; call at the top of an e2e file. */
export function useE2e(): E2eFixture {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async ({ task }) => {
    if (page && !page.isClosed()) await saveScreenshot(page, task.name).catch(() => undefined);
    page = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('the browser is not running yet');
      return browser;
    },
    track: (p) => (page = p),
  };
}

/** Starts a browser-mode host for the file and stops it (and removes its data folder) afterwards. */
export function useHostProcess(): () => HostProcess {
  let host: HostProcess | undefined;
  beforeAll(async () => {
    host = await startHostProcess();
  });
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  });
  return () => {
    if (!host) throw new Error('the host is not running yet');
    return host;
  };
}
