// Per-file e2e fixtures: one Chromium per file, a screenshot after every test (artifacts/e2e/<test>.png).
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSandboxInfo, startSandbox, toSandboxInfo, type Sandbox, type SandboxInfo, type StartSandboxOptions } from '../sandbox/index';
import { writeSandboxInfo } from '../sandbox/info';
import { hostsThatEnded, launchChromium, makeDataDir, removeDataDir, saveScreenshot, startHostProcess, waitForShell, type HostProcess } from './harness';

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
    const ended = hostsThatEnded();
    if (ended.length) throw new Error(ended.join('\n'));
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

/** What a file needs of the sandbox beyond the apiservers, Dex and kwok. */
export interface SandboxNeeds {
  readonly tektonController?: boolean;
  readonly pipeEvents?: StartSandboxOptions['pipeEvents'];
}

/** The file's sandbox: its description and the file that holds it (for a host's PIPE_SANDBOX_INFO). */
export interface E2eSandbox {
  readonly info: SandboxInfo;
  readonly infoFile: string;
}

/**
 * The sandbox for the file: the shared one named by PIPE_SANDBOX_INFO when it has what the file needs, else one of
 * the file's own, stopped after the file. Call before the file's own hooks, which then run after it has started.
 */
export function useSandbox(needs: SandboxNeeds = {}): () => E2eSandbox {
  let own: Sandbox | undefined;
  let current: E2eSandbox | undefined;
  beforeAll(async () => {
    const file = process.env.PIPE_SANDBOX_INFO;
    const shared = file && existsSync(file) ? readSandboxInfo() : undefined;
    if (shared && (!needs.tektonController || shared.tektonController) && (!needs.pipeEvents || shared.pipeEvents)) {
      current = { info: shared, infoFile: file! };
      return;
    }
    const options = { ...(needs.tektonController ? { tektonController: true } : {}), ...(needs.pipeEvents ? { pipeEvents: needs.pipeEvents } : {}) };
    own = await startSandbox(options);
    const info = toSandboxInfo(own);
    const infoFile = join(own.dir, 'sandbox.json');
    await writeSandboxInfo(infoFile, info);
    current = { info, infoFile };
  }, 300_000);
  afterAll(async () => {
    await own?.stop();
  }, 60_000);
  return () => {
    if (!current) throw new Error('the sandbox is not running yet');
    return current;
  };
}

/** A host and a page of an app that knows only the sandbox's PIPE profile (no kubeconfig, no KUBECONFIG). */
export interface ProfileOnlyApp {
  readonly host: HostProcess;
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * An empty app given only the PIPE profile (as if the user gave its URL), open in a browser context that accepts the
 * sandbox CA's certificates (Dex and the fake GitHub serve them; this Chromium does not know them). Call after
 * `useE2e()` and `useSandbox()`.
 */
export function useProfileOnlyApp(e2e: E2eFixture, sandbox: () => E2eSandbox): () => ProfileOnlyApp {
  let app: ProfileOnlyApp | undefined;
  let host: HostProcess | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    const dataDir = makeDataDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ profileUrl: sandbox().info.profilePath }));
    host = await startHostProcess({ dataDir });
    context = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
    const page = e2e.track(await context.newPage());
    await page.goto(host.url);
    await waitForShell(page);
    app = { host, context, page };
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  }, 60_000);
  return () => {
    if (!app) throw new Error('the app is not running yet');
    return app;
  };
}
