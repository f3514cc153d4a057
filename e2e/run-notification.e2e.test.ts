// Run notifications in browser mode, in Chromium against the sandbox: the host says it does not notify (no Electron),
// so the page watches the run after Notify me when done and shows one Web Notification, with the shared text, when
// the run fails — also after the run's tab was closed. (The desktop app's host notifier is covered by
// src-main/runs/run-notifier*.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import type { KubeClient } from '../src-node/kube/kube-client';
import { openApp, removeDataDir, startHostProcess, type HostProcess } from './harness';
import { useE2e, useSandbox } from './fixtures';

const TEKTON = '/apis/tekton.dev/v1/namespaces';

describe('run notifications (browser mode)', () => {
  const e2e = useE2e();
  const sandbox = useSandbox();
  let info: SandboxInfo;
  let host: HostProcess;
  let admin: KubeClient;

  beforeAll(async () => {
    info = sandbox().info;
    admin = clientFor(info.runtime.adminKubeconfig);
    host = await startHostProcess({ env: { HOME: mkdtempSync(join(tmpdir(), 'pipe-e2e-home-')), KUBECONFIG: info.kubeconfig } });
  }, 240_000);
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
    admin?.dispose();
  }, 60_000);

  it('Notify me when done → the run fails after its tab closed → one notification: pipeline, result, repository, branch, reason', async () => {
    const ns = info.teamNamespace;
    const name = `e2e-notify-${Date.now().toString(36)}`;
    await admin.request(`${TEKTON}/${ns}/pipelineruns`, {
      method: 'POST',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name, labels: { 'pipe.linecorp.com/pipeline': 'ci' }, annotations: { 'pipe.linecorp.com/repository': 'acme/app', 'pipe.linecorp.com/ref': 'refs/heads/main' } },
        // Pending: nothing runs it; the test writes its end.
        spec: { status: 'PipelineRunPending', pipelineSpec: { tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'compile', image: 'alpine' }] } }] } },
      },
    });
    const page = e2e.track(await openApp(e2e.browser(), host));
    await page.context().grantPermissions(['notifications'], { origin: new URL(host.url).origin });
    // Records each notification the page creates (then creates the real one).
    await page.evaluate(() => {
      const Real = window.Notification;
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body ?? '' });
          super(title, options);
        }
      } as typeof Notification;
    });
    const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications);
    await page.evaluate((route) => (location.hash = route), `#/runs/${info.runtime.userContext}/${ns}/${name}`);
    await page.getByTestId('run-page').waitFor();
    // The run is read (the cluster connected) before the user asks.
    await page.getByTestId('run-phase').getByText('Pending').waitFor();
    await page.getByRole('button', { name: 'Notify me when done' }).click();
    await page.getByRole('button', { name: 'Notifying when done' }).waitFor();
    // Close the run's tab: the watch outlives it.
    await page.getByRole('tablist', { name: 'Open views' }).getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('run-page').waitFor({ state: 'detached' });
    const now = new Date().toISOString();
    await admin.request(`${TEKTON}/${ns}/pipelineruns/${name}/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { status: { startTime: now, completionTime: now, conditions: [{ type: 'Succeeded', status: 'False', reason: 'PipelineRunTimeout', message: 'timed out' }] } },
    });
    await page.waitForFunction(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications.length > 0, undefined, { timeout: 60_000 });
    expect(await shown()).toEqual([{ title: 'ci failed', body: 'acme/app · branch main · took 0ms\nThe run took longer than its timeout.' }]);
    await admin.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' }).catch(() => undefined);
  });
});
