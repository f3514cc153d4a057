// The pod buttons in Chromium over browser mode against the sandbox: a pod's Shell, Attach and Logs (clusters detail
// drawer) and the run page's Shell into a step Tekton's real controller keeps running. kwok runs each exec'd shell on
// this machine, so the test also sees the shell's process end when its tab closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appendPodLog, waitForPodLog, writePodLogs, type SandboxInfo } from '../sandbox/index';
import { criLogLine, KEEP_RUNNING_ANNOTATION } from '../sandbox/kwok';
import { podAttach } from '../sandbox/kwok-exec';
import { clientFor } from '../src-main/clusters/testing/clients';
import { createPod, deletePod } from '../src-main/clusters/testing/sandbox-helpers';
import { isAlive } from '../src-main/terminal/process-tree';
import { openPodAttach } from '../src-node/kube/pod-exec';
import type { KubeClient } from '../src-node/kube/kube-client';
import { makeDataDir, openApp, removeDataDir, saveScreenshot, startHostProcess, type HostProcess } from './harness';
import { screen, typeLine } from './terminal-page';
import { useE2e, useSandbox } from './fixtures';
import { waitUntil } from '../src-node/testing/wait-until';

const TEKTON = '/apis/tekton.dev/v1/namespaces';

/** Closes the terminal tab titled `title` (a pod session always counts as busy: the confirmation is answered). */
async function closeTab(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: `Close ${title}`, exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Close terminal?' });
  await confirm.getByRole('button', { name: 'Close anyway' }).click();
  await page.locator(`[data-terminal-tab] >> text=${title}`).waitFor({ state: 'detached' });
}

describe('pod terminal buttons', () => {
  const e2e = useE2e();
  const sandbox = useSandbox({ tektonController: true });
  let info: SandboxInfo;
  let host: HostProcess;
  let admin: KubeClient;
  let user: KubeClient;
  let ns: string;
  const POD = `e2e-podterm-${Date.now().toString(36)}`;
  const attachFile = join(mkdtempSync(join(tmpdir(), 'pipe-e2e-attach-')), 'app.log');

  beforeAll(async () => {
    info = sandbox().info;
    ns = info.teamNamespace;
    admin = clientFor(info.runtime.adminKubeconfig);
    user = clientFor(info.runtime.userKubeconfig);
    await createPod(admin, ns, POD);
    await waitUntil(async () => (await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${ns}/pods/${POD}`)).status?.phase === 'Running', 'the pod to run', 60_000);
    await writePodLogs(info, ns, POD, ['log line one', 'log line two', `log-marker-${POD}`]);
    // kwok sees the Logs object through its own watch: wait until it serves the pod's file, not the default line.
    await waitForPodLog(info, ns, POD, 'log line one', { container: 'app' });
    // Attach on kwok follows a CRI log file named by an Attach object; kwok sees the object through its own informer,
    // so wait until an attach through the apiserver is served before the UI uses it.
    writeFileSync(attachFile, criLogLine('written before anyone attached'));
    await admin.request(`/apis/kwok.x-k8s.io/v1alpha1/namespaces/${ns}/attaches`, { method: 'POST', body: podAttach(ns, POD, attachFile) });
    await waitUntil(
      async () => {
        const session = await openPodAttach(user, { namespace: ns, pod: POD, container: 'app', tty: false, stdin: false });
        let seen = false;
        session.onOutput(() => (seen = true));
        appendFileSync(attachFile, criLogLine('warming up'));
        await new Promise((r) => setTimeout(r, 300));
        await session.close();
        return seen;
      },
      'kwok to serve attach for the pod',
      60_000,
    );
    const dataDir = makeDataDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ terminalRenderer: 'dom' }));
    host = await startHostProcess({ dataDir, timeoutMs: 120_000, env: { HOME: mkdtempSync(join(tmpdir(), 'pipe-e2e-home-')), KUBECONFIG: info.kubeconfig } });
  }, 300_000);

  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
    if (admin) await deletePod(admin, ns, POD);
    admin?.dispose();
    user?.dispose();
  }, 60_000);

  /** A fresh page on the runtime cluster (as the Dex user) with the test pod's details open. */
  async function openPodDetails(): Promise<Page> {
    const page = e2e.track(await openApp(e2e.browser(), host));
    const runtime = page.getByRole('navigation', { name: 'Sidebar' }).getByRole('group', { name: 'Runtime · local-1' });
    await runtime.getByRole('button', { name: new RegExp(`^${info.runtime.userContext},`) }).click();
    await page.getByRole('heading', { name: info.runtime.userContext }).waitFor();
    await page.getByTestId('live-state').getByText('Live').waitFor();
    await page.getByLabel('Search Pods').fill(POD);
    await page.getByRole('grid', { name: `Pods in ${ns}` }).getByRole('row', { name: new RegExp(POD) }).click();
    await page.getByRole('complementary', { name: `Details of ${POD}` }).getByLabel('YAML (read-only)').getByText(`name: ${POD}`).waitFor();
    return page;
  }

  const drawer = (page: Page) => page.getByRole('complementary', { name: `Details of ${POD}` });

  it('Shell: a shell in the pod runs a command (exec through kwok); closing the tab ends that shell', async () => {
    const page = await openPodDetails();
    await drawer(page).getByRole('button', { name: 'Shell', exact: true }).click();
    await page.locator(`[data-terminal-tab] >> text=${POD}`).waitFor();
    await page.locator('.terminal-view:not([hidden]) .xterm-rows').waitFor();
    await typeLine(page, 'echo "in-pod-$((6*7)) kwok=$PIPE_SANDBOX_POD_SHELL pid=$$"');
    await expect.poll(() => screen(page), { timeout: 30_000 }).toMatch(/in-pod-42 kwok=1 pid=\d+/);
    const pid = Number(/in-pod-42 kwok=1 pid=(\d+)/.exec(await screen(page))![1]);
    expect(await isAlive(pid)).toBe(true);
    await saveScreenshot(page, 'pod-terminal-shell');
    await closeTab(page, POD);
    await expect.poll(() => isAlive(pid), { timeout: 30_000 }).toBe(false);
  });

  it('Attach: the container’s output (what it writes after attaching) appears, output only; closing detaches', async () => {
    const page = await openPodDetails();
    await drawer(page).getByRole('button', { name: 'Attach', exact: true }).click();
    const title = `attach ${POD}`;
    await page.locator(`[data-terminal-tab] >> text=${title}`).waitFor();
    await expect.poll(() => screen(page), { timeout: 30_000 }).toContain('output only');
    // kwok follows the file from its end: lines written from now on are what the container "prints".
    let n = 0;
    await expect
      .poll(
        () => {
          appendFileSync(attachFile, criLogLine(`container-says-${++n}`));
          return screen(page);
        },
        { timeout: 30_000, interval: 300 },
      )
      .toMatch(/container-says-\d+/);
    expect(await screen(page)).not.toContain('written before anyone attached');
    await saveScreenshot(page, 'pod-terminal-attach');
    await closeTab(page, title);
  });

  it('Logs: the container’s log lines appear in the log viewer and new lines follow', async () => {
    const page = await openPodDetails();
    await drawer(page).getByRole('button', { name: 'Logs', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Log of ${POD}` });
    const lines = dialog.getByRole('log', { name: 'Log lines' });
    await lines.getByText(`log-marker-${POD}`).waitFor({ timeout: 30_000 });
    await lines.getByText('log line one').waitFor();
    await appendPodLog(info, ns, POD, [`followed-${POD}`]);
    await lines.getByText(`followed-${POD}`).waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'pod-terminal-logs');
    await dialog.getByRole('button', { name: 'Close log' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('step Shell: a running step of a run Tekton runs gets a shell in its container', async () => {
    const name = `e2e-stepsh-${Date.now().toString(36)}`;
    // Tekton's controller makes the TaskRun and its pod; the annotation (passed on to the pod) keeps the step running.
    await admin.request(`${TEKTON}/${ns}/pipelineruns`, {
      method: 'POST',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name, annotations: { [KEEP_RUNNING_ANNOTATION]: 'true' } },
        spec: { pipelineSpec: { tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'compile', image: 'alpine:3.20', script: 'echo compiling' }] } }] } },
      },
    });
    try {
      const page = e2e.track(await openApp(e2e.browser(), host));
      await page.evaluate((route) => (location.hash = route), `#/runs/${info.runtime.userContext}/${ns}/${name}`);
      await page.getByTestId('run-page').waitFor();
      const button = page.getByRole('button', { name: 'Shell: build › compile' });
      await button.waitFor({ timeout: 60_000 });
      await button.click();
      const title = `${name}-build-pod/step-compile`;
      await page.locator(`[data-terminal-tab] >> text=${title}`).waitFor();
      await typeLine(page, 'echo "in-step-$((7*6)) pid=$$"');
      await expect.poll(() => screen(page), { timeout: 30_000 }).toMatch(/in-step-42 pid=\d+/);
      const pid = Number(/in-step-42 pid=(\d+)/.exec(await screen(page))![1]);
      await saveScreenshot(page, 'pod-terminal-step-shell');
      await closeTab(page, title);
      await expect.poll(() => isAlive(pid), { timeout: 30_000 }).toBe(false);
    } finally {
      await admin.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });
});
