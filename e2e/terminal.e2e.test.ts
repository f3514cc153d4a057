// The dock terminal in Chromium over browser mode: a real pty bound to the current cluster, flow control keeping
// the UI responsive, resize reaching the pty, and closing leaving no process behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { findBinary } from '../sandbox/binaries';
import { isAlive, listProcesses, terminalProcesses } from '../src-main/terminal/process-tree';
import { makeDataDir, removeDataDir, startHostProcess, waitForShell, type HostProcess } from './harness';
import { screen, typeLine } from './terminal-page';
import { useE2e } from './fixtures';

const CONTEXT = 'e2e-cluster';
const NAMESPACE = 'team-e2e';

async function lastMatch(page: Page, re: RegExp): Promise<string | undefined> {
  const all = [...(await screen(page)).matchAll(re)];
  return all.at(-1)?.[1];
}

describe('terminal', () => {
  const e2e = useE2e();
  const dataDir = makeDataDir();
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    const kubeconfig = join(dataDir, 'kube', 'config.yaml');
    mkdirSync(dirname(kubeconfig), { recursive: true });
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'e2e', cluster: { server: 'https://127.0.0.1:9', 'proxy-url': 'http://127.0.0.1:9' } }],
        users: [{ name: 'e2e-user', user: { token: 'e2e-token' } }],
        contexts: [{ name: CONTEXT, context: { cluster: 'e2e', user: 'e2e-user', namespace: NAMESPACE } }],
        'current-context': CONTEXT,
      }),
      { mode: 0o600 },
    );
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ terminalRenderer: 'dom' }));
    const kubectl = findBinary('kubectl');
    const path = [kubectl ? dirname(kubectl) : undefined, process.env.PATH].filter(Boolean).join(':');
    host = await startHostProcess({ dataDir, env: { KUBECONFIG: kubeconfig, SHELL: '/bin/bash', PATH: path } });
    const context = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = e2e.track(await context.newPage());
    await page.goto(host.url);
    await waitForShell(page);
    await page.getByText(CONTEXT).first().waitFor();
    await page.keyboard.press('Control+`');
    await page.locator(`[data-terminal-tab] >> text=${CONTEXT}/${NAMESPACE}`).waitFor();
    await page.locator('.terminal-view:not([hidden]) .xterm-rows').waitFor();
  });

  afterAll(async () => {
    await host?.stop();
    removeDataDir(dataDir);
  });

  it('opens bound to the current cluster: KUBECONFIG is a per-terminal file whose context is that cluster', async () => {
    e2e.track(page);
    await typeLine(page, 'echo $KUBECONFIG && kubectl config current-context && kubectl config view --minify -o jsonpath="ns={..namespace}"');
    await expect.poll(() => screen(page), { timeout: 60_000 }).toMatch(new RegExp(`ns=${NAMESPACE}`));
    const text = await screen(page);
    expect(text).toContain(join(dataDir, 'terminals', 't-'));
    expect(text.split('\n').map((l) => l.trim())).toContain(CONTEXT);
  });

  it('`yes | head -n 2000000` completes while the UI stays responsive', async () => {
    e2e.track(page);
    await typeLine(page, 'clear; yes | head -n 2000000; echo "finished-$((40+2))"');
    // Clicks land while the output streams: the dock switches tabs and back.
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await expect.poll(() => screen(page), { timeout: 120_000, interval: 500 }).toContain('finished-42');
  });

  it('resizing the window changes what `tput cols` says', async () => {
    e2e.track(page);
    await typeLine(page, 'clear; echo "cols=$(tput cols)"');
    await expect.poll(() => lastMatch(page, /cols=(\d+)/g)).toBeDefined();
    const wide = Number(await lastMatch(page, /cols=(\d+)/g));
    await page.setViewportSize({ width: 800, height: 800 });
    await typeLine(page, 'clear; echo "cols=$(tput cols)"');
    await expect.poll(async () => Number(await lastMatch(page, /cols=(\d+)/g)), { timeout: 60_000 }).toBeLessThan(wide);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('closing asks while a program runs, then leaves no process behind', async () => {
    e2e.track(page);
    await typeLine(page, 'clear; echo "pid=$$"');
    await expect.poll(() => lastMatch(page, /pid=(\d+)/g)).toBeDefined();
    const pid = Number(await lastMatch(page, /pid=(\d+)/g));
    await typeLine(page, "sh -c 'trap \"\" HUP; sleep 1000' & sleep 1001");
    await expect.poll(async () => terminalProcesses(await listProcesses(), pid).filter((p) => p.name === 'sleep').length).toBe(2);
    await page.getByRole('button', { name: `Close ${CONTEXT}/${NAMESPACE}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Close terminal?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('sleep');
    await confirm.getByRole('button', { name: 'Close anyway' }).click();
    await page.locator('[data-terminal-tab]').first().waitFor({ state: 'detached' });
    await expect.poll(async () => (await isAlive(pid)) || terminalProcesses(await listProcesses(), pid).length > 0, { timeout: 60_000 }).toBe(false);
  });
});
