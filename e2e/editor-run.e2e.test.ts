// The editor against the sandbox in Chromium: connect to the runtime cluster (live Tekton schema from the
// cluster; Apply's dry run goes to the same target), edit a pipeline without saving, "Run now" creates the
// PipelineRun on the sandbox and opens its page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { type SandboxInfo } from '../sandbox/index';
import { clientFor } from '../src-main/clusters/testing/clients';
import type { KubeClient } from '../src-node/kube/kube-client';
import { openApp, removeDataDir, saveScreenshot, startHostProcess, type HostProcess } from './harness';
import { useE2e, useSandbox } from './fixtures';
import { eventCrdManifest } from '../src-service/events-store/event-crd';
import { buildSimulatedEvent } from '../src-shared/pipelines/simulated-event';

const CI = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches-ignore: [main]
spec:
  params:
    - name: revision
  tasks:
    - name: lint
      taskSpec:
        steps:
          - name: lint
            image: docker.io/library/alpine:3.20
            script: echo lint
    - name: test
      runAfter: [lint]
      taskSpec:
        steps:
          - name: unit
            image: docker.io/library/alpine:3.20
            script: echo test
`;

const editorText = (page: Page): Promise<string> => page.locator('.monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

type RunList = { items: { metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { pipelineSpec: { tasks: { name: string }[] } } }[] };

describe('pipeline editor on the sandbox', () => {
  const e2e = useE2e();
  const sandbox = useSandbox();
  let info: SandboxInfo;
  let host: HostProcess;
  let admin: KubeClient;
  let core: KubeClient;
  let repo: string;
  const delivery = `sha256-e2e-${Date.now().toString(36)}`;
  const EVENTS = '/apis/pipe.linecorp.com/v1alpha1/namespaces/pipe-system/githubevents';
  let LIVE_CI = '';

  beforeAll(async () => {
    info = sandbox().info;
    admin = clientFor(info.runtime.adminKubeconfig);
    LIVE_CI = `/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelines/ci`;
    core = clientFor(info.core.adminKubeconfig);
    // A delivery as pipe-events records it: a push to main (ci skips it).
    await core.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: eventCrdManifest() }).catch((err: { status?: number }) => {
      if (err.status !== 409) throw err;
    });
    for (let i = 0; !(await core.request(EVENTS).then(() => true, () => false)); i++) {
      if (i > 400) throw new Error('GitHubEvent CRD not served');
      await new Promise((r) => setTimeout(r, 50));
    }
    const event = { ...buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' }), deliveryId: 'e2e12345-delivery' };
    await core.request(EVENTS, {
      method: 'POST',
      body: { apiVersion: 'pipe.linecorp.com/v1alpha1', kind: 'GitHubEvent', metadata: { name: delivery }, spec: { deliveryId: event.deliveryId, eventName: 'push', repository: 'my-org/my-app', ref: 'refs/heads/main', receivedAt: '2099-01-01T00:00:00Z', event: JSON.parse(JSON.stringify(event)) as unknown } },
    });
    repo = mkdtempSync(join(tmpdir(), 'pipe-editor-run-'));
    mkdirSync(join(repo, '.pipe'));
    writeFileSync(join(repo, '.pipe', 'ci.yaml'), CI);
    // A live `ci` that differs from the file in one line, so the dry run has a diff to show.
    await admin.request(LIVE_CI, {
      method: 'PATCH',
      query: { fieldManager: 'e2e-live', force: true },
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(parse(CI.replace('script: echo lint', 'script: echo lint-old'))),
    });
    host = await startHostProcess({ env: { HOME: mkdtempSync(join(tmpdir(), 'pipe-e2e-home-')), KUBECONFIG: info.kubeconfig } });
  }, 240_000);
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
    await admin?.request(LIVE_CI, { method: 'DELETE' }).catch(() => undefined);
    admin?.dispose();
    await core?.request(`${EVENTS}/${delivery}`, { method: 'DELETE' }).catch(() => undefined);
    core?.dispose();
    if (repo) rmSync(repo, { recursive: true, force: true });
  }, 60_000);

  it('connects for live validation, then Run now creates the edited (unsaved) pipeline`s run and opens its page', async () => {
    const page = e2e.track(await openApp(e2e.browser(), host));
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(repo);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('tab', { name: 'ci.yaml' }).waitFor();
    await expect.poll(() => editorText(page)).toContain('name: ci');

    // Apply has no cluster fields of its own: until the Cluster bar has a target it is disabled and sends you there.
    const target = page.getByRole('form', { name: 'Cluster' });
    await page.getByText('Apply…', { exact: true }).click();
    const applyPanel = page.locator('details.editor-apply');
    expect(await applyPanel.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);
    await applyPanel.getByText('No cluster chosen').waitFor();
    await applyPanel.getByRole('button', { name: 'Choose a cluster…' }).click();
    await expect.poll(() => target.getByRole('textbox', { name: 'Cluster context' }).evaluate((el) => el === document.activeElement)).toBe(true);

    // Connect: the Dex user may not read CRDs, so the schema comes from the apiserver's OpenAPI document.
    await target.getByRole('textbox', { name: 'Cluster context' }).fill(info.runtime.userContext);
    await target.getByRole('textbox', { name: 'Runtime namespace' }).fill(info.teamNamespace);
    await target.getByRole('button', { name: 'Connect' }).click();
    await target.getByRole('status').filter({ hasText: `Also validating against Tekton OpenAPI of ${info.runtime.userContext}.` }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('tab', { name: /^Problems/ }).textContent()).toBe('Problems');
    // Apply now targets the Cluster bar's context · namespace; a dry run answers per document with its line.
    await expect.poll(() => applyPanel.getByRole('status', { name: 'Apply target' }).textContent()).toBe(`${info.runtime.userContext} · ${info.teamNamespace}`);
    await applyPanel.getByRole('button', { name: 'Dry run' }).click();
    await applyPanel.getByRole('list', { name: 'Dry run results' }).getByText(/^Pipeline ci \(line 1\): would be configured/).waitFor({ timeout: 60_000 });
    await page.getByText('Apply…', { exact: true }).click();

    // An unsaved edit: rename task `test`.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+F');
    await page.keyboard.insertText('- name: test');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.insertText('- name: unit-test');
    await page.locator('[data-graph-node="unit-test"]').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: /ci\.yaml/ }).textContent()).toContain('●');

    await page.getByRole('tab', { name: 'Events' }).click();
    const table = page.getByRole('table', { name: 'Which events run which pipeline' });
    await table.getByRole('button', { name: /^ci on push to feature\/x: runs/ }).waitFor();
    // A recent real delivery from the core cluster becomes a column; its stored event decides the cell.
    await page.getByText('Recent real deliveries…').click();
    await page.getByRole('textbox', { name: 'Core cluster context' }).fill(info.core.userContext);
    await page.getByRole('button', { name: 'Load' }).click();
    await page.getByRole('combobox', { name: 'Recent delivery' }).selectOption(delivery);
    await table.getByRole('button', { name: /^ci on push main \(delivery e2e12345\): does not run/ }).waitFor();
    await saveScreenshot(page, 'editor-simulator');
    await page.getByRole('tab', { name: 'Graph' }).click();
    await saveScreenshot(page, 'editor-graph');
    await page.getByRole('tab', { name: 'PipelineRun' }).click();
    await page.getByRole('combobox').selectOption('push-feature');
    await saveScreenshot(page, 'editor-run-now');
    await page.getByRole('button', { name: 'Run now' }).click();

    // The run page opens for the created run; the run exists on the sandbox with the edited spec, marked manual.
    const title = page.getByTestId('run-page').locator('.runp__title');
    await title.waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await title.textContent()) ?? '').toMatch(/ci-manual-[a-z0-9]{5}/);
    const name = /ci-manual-[a-z0-9]{5}/.exec((await title.textContent()) ?? '')![0];
    const list = await admin.request<RunList>(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelineruns`, { query: { labelSelector: 'pipe.linecorp.com/trigger=manual' } });
    const run = list.items.find((r) => r.metadata.name === name)!;
    expect(run.spec.pipelineSpec.tasks.map((t) => t.name)).toEqual(['lint', 'unit-test']);
    expect(run.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('pipe-desktop');
    expect(run.metadata.annotations?.['pipe.linecorp.com/sender']).toContain(info.dex.user.email);
    // Unsaved: the file on disk still has the old name.
    expect(readFileSync(join(repo, '.pipe', 'ci.yaml'), 'utf8')).toContain('- name: test\n');
    await saveScreenshot(page, 'editor-run-now-run-page');
    await admin.request(`/apis/tekton.dev/v1/namespaces/${info.teamNamespace}/pipelineruns/${name}`, { method: 'DELETE' });

    // Back in the editor, a dry run's diff against the live `ci`: live left, after apply right, the changed line on each side.
    await page.getByRole('tab', { name: /^Pipelines/ }).click();
    await applyPanel.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await applyPanel.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => applyPanel.getByRole('button', { name: 'Dry run' }).isEnabled(), { timeout: 60_000 }).toBe(true); // answered
    await applyPanel.getByRole('button', { name: 'Show diff of Pipeline ci' }).click();
    const diff = applyPanel.getByRole('region', { name: 'Diff of Pipeline ci' });
    const side = (which: string) => () => diff.locator(`.editor.${which} .view-lines`).innerText().then((t) => t.replace(/\u00a0/g, ' '));
    await expect.poll(side('original')).toContain('script: echo lint-old');
    await expect.poll(side('modified')).toMatch(/script: echo lint(\n|$)/m);
    await saveScreenshot(page, 'editor-apply-diff');
    await diff.getByRole('button', { name: 'Close diff' }).press('Escape');
    await diff.waitFor({ state: 'detached' });
  });
});
