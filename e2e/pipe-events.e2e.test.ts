// The whole flow in Chromium over browser mode against a sandbox running pipe-events (2 replicas) and Tekton's real
// controller: the pipe-events panel (replicas, leader) → Send a sample push from the GitHub events view → the event
// with its run → the run page with live logs, the run completed by Tekton.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SandboxInfo } from '../sandbox/index';
import { openApp, removeDataDir, startHostProcess, type HostProcess } from './harness';
import { useE2e, useSandbox } from './fixtures';

describe('pipe-events in the app (local PIPE)', () => {
  const e2e = useE2e();
  const sandbox = useSandbox({ tektonController: true, pipeEvents: { replicas: 2 } });
  let info: SandboxInfo;
  let infoFile: string;
  let host: HostProcess;

  beforeAll(async () => {
    ({ info, infoFile } = sandbox());
    // A loaded CI machine can take a while to start the host: wait for its URL, not for a fixed time.
    host = await startHostProcess({ timeoutMs: 120_000, env: { HOME: mkdtempSync(join(tmpdir(), 'pipe-e2e-home-')), KUBECONFIG: info.kubeconfig, PIPE_SANDBOX_INFO: infoFile } });
  }, 300_000);
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  }, 60_000);

  async function open(route: string): Promise<Page> {
    const page = e2e.track(await openApp(e2e.browser(), host));
    await page.evaluate((r) => (location.hash = r), route);
    return page;
  }

  it('pipe-events panel: replicas with the leader, live from the core cluster', async () => {
    const page = await open('#/open/pipe-events');
    await page.getByTestId('pipe-events-view').waitFor();
    const up = page.getByTestId('pipe-events-up');
    await up.getByText(`${info.pipeEvents!.replicas} of ${info.pipeEvents!.replicas} replicas live`, { exact: false }).waitFor({ timeout: 60_000 });
    expect(await up.textContent()).toMatch(/leader sandbox-pipe-events-\d/);
    expect(await page.locator('[data-replica][data-live="true"]').count()).toBe(info.pipeEvents!.replicas);
    await page.getByRole('button', { name: 'Send a sample event' }).waitFor({ timeout: 60_000 });
  });

  it('Send a sample push → the event in the GitHub events view → its run page with live logs, run by Tekton', async () => {
    const page = await open('#/open/runs.events');
    await page.getByTestId('events-view').waitFor();
    await page.getByRole('button', { name: 'Send a sample event' }).click({ timeout: 60_000 });
    const detail = page.getByTestId('event-detail');
    await detail.getByText(/Delivery .* · push · pipe-sandbox\/sample-app/).waitFor({ timeout: 60_000 });
    const runLink = detail.getByRole('button', { name: /^sample-app-build: sample-app-build-[0-9a-f]{12}$/ });
    await runLink.waitFor({ timeout: 90_000 });
    await detail.getByText('✔ sample-app-build').waitFor();
    await runLink.click();
    await page.getByTestId('run-page').waitFor();
    await page.getByTestId('run-phase').getByText('Succeeded').waitFor({ timeout: 120_000 });
    const runPage = page.getByTestId('run-page');
    await runPage.getByText('pipe-sandbox/sample-app').first().waitFor();
    expect(await runPage.locator('[data-graph-node="build-image"]').getAttribute('data-status')).toBe('succeeded');
    // The whole run's log, read from kwok through the host: the sample steps' own lines, the commit substituted.
    const log = runPage.getByRole('log', { name: 'Log lines' });
    await log.getByText(/cloning [0-9a-f]{40}/).first().waitFor({ timeout: 60_000 });
    await log.getByText('24 passed').first().waitFor({ timeout: 60_000 });
  });
});
