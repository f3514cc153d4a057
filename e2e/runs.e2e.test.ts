// Runs in Chromium over browser mode against the sandbox: a pipe-events-style run opened by its deep-link route →
// header in plain words → graph → the failing step's log with the error line found by search; cancel and re-run.
// Run status is written by the test (Tekton's controller is not needed for what the page shows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitForPodLog, writePodLogs, type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import type { KubeClient } from '../src-node/kube/kube-client';
import { openApp, removeDataDir, saveScreenshot, SCREENSHOT_DIR, startHostProcess, type HostProcess } from './harness';
import { useE2e, useSandbox } from './fixtures';
import { waitUntil } from '../src-node/testing/wait-until';

const TEKTON = '/apis/tekton.dev/v1/namespaces';

describe('runs', () => {
  const e2e = useE2e();
  const sandbox = useSandbox();
  let info: SandboxInfo;
  let host: HostProcess;
  let admin: KubeClient;
  let ns: string;

  beforeAll(async () => {
    info = sandbox().info;
    ns = info.teamNamespace;
    admin = clientFor(info.runtime.adminKubeconfig);
    host = await startHostProcess({ env: { HOME: mkdtempSync(join(tmpdir(), 'pipe-e2e-home-')), KUBECONFIG: info.kubeconfig } });
  }, 240_000);
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
    admin?.dispose();
  }, 60_000);

  const patchStatus = (kind: 'pipelineruns' | 'taskruns', name: string, status: unknown) =>
    admin.request(`${TEKTON}/${ns}/${kind}/${name}/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status } });

  /** A run as pipe-events creates it, with TaskRuns, pods and logs; `finished` writes a failed end state. */
  async function makeRun(name: string, finished: boolean): Promise<void> {
    const spec = { tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'compile', image: 'alpine' }] } }, { name: 'test', runAfter: ['build'], taskSpec: { steps: [{ name: 'unit', image: 'alpine' }] } }], finally: [{ name: 'report', taskSpec: { steps: [{ name: 'send', image: 'alpine' }] } }] };
    await admin.request(`${TEKTON}/${ns}/pipelineruns`, {
      method: 'POST',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: {
          name,
          labels: { 'app.kubernetes.io/managed-by': 'pipe-events', 'pipe.linecorp.com/pipeline': 'ci' },
          annotations: { 'pipe.linecorp.com/repository': 'acme/app', 'pipe.linecorp.com/sha': 'c0ffee1234567890', 'pipe.linecorp.com/ref': 'refs/heads/main', 'pipe.linecorp.com/event': 'push', 'pipe.linecorp.com/sender': 'octocat' },
        },
        spec: { pipelineSpec: spec, params: [{ name: 'branch', value: 'main' }] },
      },
    });
    const now = Date.now();
    const t = (s: number): string => new Date(now - 60_000 + s * 1000).toISOString();
    const steps: [string, string, string, number][] = [
      ['build', 'compile', 'compiling 1 of 3\ncompiling 2 of 3\n\u001b[32mbuild ok\u001b[0m', 0],
      ['test', 'unit', 'running 3 tests\ntest a ... ok\ntest b ... \u001b[31mFAILED\u001b[0m\nassertion failed: expected 2, got 3\n1 passed, 1 failed', 1],
    ];
    for (const [i, [task, step, text, exit]] of steps.entries()) {
      const tr = `${name}-${task}`;
      const pod = `${tr}-pod`;
      await admin.request(`/api/v1/namespaces/${ns}/pods`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod }, spec: { containers: [{ name: `step-${step}`, image: 'alpine' }], tolerations: [{ operator: 'Exists' }] } },
      });
      await writePodLogs(info, ns, pod, text.split('\n'));
      await admin.request(`${TEKTON}/${ns}/taskruns`, {
        method: 'POST',
        body: { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: tr, labels: { 'tekton.dev/pipelineRun': name, 'tekton.dev/pipelineTask': task } }, spec: { taskSpec: { steps: [{ name: step, image: 'alpine' }] } } },
      });
      const done = finished || i === 0;
      await patchStatus('taskruns', tr, {
        podName: pod,
        startTime: t(i * 10),
        ...(done ? { completionTime: t(i * 10 + 8) } : {}),
        conditions: [{ type: 'Succeeded', status: done ? (exit ? 'False' : 'True') : 'Unknown', reason: done ? (exit ? 'Failed' : 'Succeeded') : 'Running', lastTransitionTime: t(i * 10) }],
        steps: [{ name: step, container: `step-${step}`, ...(done ? { terminated: { exitCode: exit, reason: exit ? 'Error' : 'Completed', startedAt: t(i * 10 + 1), finishedAt: t(i * 10 + 8) } } : { running: { startedAt: t(i * 10 + 1) } }) }],
      });
    }
    // Before the page reads the logs: each pod Running on kwok, and kwok serving it its own file (it sees the Logs
    // objects through its own watch; a read before that gets the default line).
    for (const [task, step, text] of steps) {
      const pod = `${name}-${task}-pod`;
      let phase: string | undefined;
      await waitUntil(
        async () => (phase = (await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${ns}/pods/${pod}`)).status?.phase) === 'Running',
        () => `pod ${pod} running (phase seen: ${phase ?? 'none'})`,
        90_000,
      );
      await waitForPodLog(info, ns, pod, text.split('\n')[0]!, { container: `step-${step}` });
    }
    await patchStatus('pipelineruns', name, {
      startTime: t(0),
      pipelineSpec: spec,
      ...(finished ? { completionTime: t(20) } : {}),
      conditions: [{ type: 'Succeeded', status: finished ? 'False' : 'Unknown', reason: finished ? 'Failed' : 'Running', message: finished ? 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1' : '', lastTransitionTime: t(0) }],
      childReferences: steps.map(([task]) => ({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: `${name}-${task}`, pipelineTaskName: task })),
    });
  }

  async function openRun(name: string): Promise<Page> {
    const page = e2e.track(await openApp(e2e.browser(), host));
    await page.evaluate((route) => (location.hash = route), `#/runs/${info.runtime.userContext}/${ns}/${name}`);
    await page.getByTestId('run-page').waitFor();
    return page;
  }

  it('deep link → run page → graph → the failing step’s error line found by search', async () => {
    const name = `e2e-fail-${Date.now().toString(36)}`;
    await makeRun(name, true);
    const page = await openRun(name);
    await page.getByTestId('run-phase').getByText('Failed').waitFor();
    expect(await page.getByTestId('run-summary').textContent()).toBe('Failed. Task “test”, step “unit” failed (exit code 1).');
    await page.getByText('acme/app').waitFor();
    expect(await page.locator('[data-graph-node="test"]').getAttribute('data-status')).toBe('failed');
    expect(await page.locator('[data-graph-node="build"]').getAttribute('data-status')).toBe('succeeded');
    // The whole run's log: build's lines, then test's; the error line found by search.
    await page.getByRole('log', { name: 'Log lines' }).getByText('1 passed, 1 failed').waitFor();
    await page.getByLabel('Search the log').fill('assertion failed');
    await page.getByTestId('log-search-summary').getByText('1 of 1 lines · 1 matches').waitFor();
    const hit = page.locator('.logv__row--current');
    expect(await hit.locator('mark').textContent()).toBe('assertion failed');
    expect(await hit.locator('.logv__src').textContent()).toBe('[test › unit]');
    // Colours from ANSI: the FAILED word is red, without the escape codes.
    expect(await page.getByRole('log').getByText('FAILED', { exact: true }).evaluate((el) => getComputedStyle(el).color)).not.toBe(await page.getByRole('log').getByText('running 3 tests').evaluate((el) => getComputedStyle(el).color));
    // Screenshots for the issue: the run page, its timeline, the log viewer with the search hit.
    await saveScreenshot(page, 'runs-run-page');
    await page.getByRole('list', { name: 'Timeline' }).screenshot({ path: join(SCREENSHOT_DIR, 'runs-timeline.png') });
    await page.getByRole('region', { name: 'Run log' }).screenshot({ path: join(SCREENSHOT_DIR, 'runs-log-viewer.png') });
    // The failing task's own log, picked on the graph: only its lines, `[step]` prefixes, the search kept within it.
    await page.locator('[data-graph-node="test"]').click();
    await page.getByRole('tablist', { name: 'Log of' }).getByRole('tab', { name: /test/, selected: true }).waitFor();
    await page.getByRole('log').getByText('running 3 tests').waitFor();
    expect(await page.getByRole('log').getByText('compiling 1 of 3').count()).toBe(0);
    await page.getByTestId('log-search-summary').getByText('1 of 1 lines · 1 matches').waitFor();
    expect(await page.locator('.logv__row--current .logv__src').textContent()).toBe('[unit]');
  });

  it('cancels a running run and re-runs it as a new run linked to the original', async () => {
    const name = `e2e-live-${Date.now().toString(36)}`;
    await makeRun(name, false);
    const page = await openRun(name);
    await page.getByTestId('run-phase').getByText('Running').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancel requested — finally tasks still run.').waitFor();
    const pr = await admin.request<{ spec: { status?: string } }>(`${TEKTON}/${ns}/pipelineruns/${name}`);
    expect(pr.spec.status).toBe('Cancelled');

    await page.getByRole('button', { name: 'Re-run' }).click();
    type Listed = { metadata: { name: string; annotations?: Record<string, string> }; spec: { status?: string; params?: unknown } };
    let rerun: Listed | undefined;
    for (let i = 0; i < 300 && !rerun; i++) {
      const list = await admin.request<{ items: Listed[] }>(`${TEKTON}/${ns}/pipelineruns`);
      rerun = list.items.find((r) => r.metadata.annotations?.['pipe.linecorp.com/rerun-of'] === name);
      if (!rerun) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rerun).toBeDefined();
    expect(rerun!.spec.status).toBeUndefined();
    expect(rerun!.spec.params).toEqual([{ name: 'branch', value: 'main' }]);
    // The page moved to the new run's tab.
    await page.getByRole('heading', { name: new RegExp(rerun!.metadata.name) }).waitFor();
  });
});
