// The pipeline editor in Chromium over browser mode: open a folder, a mistake gets a marker and a quick fix, the graph and the simulator follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, saveScreenshot } from './harness';
import { useE2e, useHostProcess } from './fixtures';

const CI = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches-ignore: [main]
      pull_request:
        branches: [main]
spec:
  params:
    - name: revision
  tasks:
    - name: lint
      taskSpec:
        steps:
          - name: lint
            image: alpine
            script: echo lint
    - name: test
      runAfter: [lint]
      params:
        - name: rev
          value: $(params.revision)
      taskSpec:
        params:
          - name: rev
        steps:
          - name: run-tests
            image: alpine
            script: echo test
`;

const BUILD = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: build
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches: [main]
spec:
  tasks:
    - name: build
      taskSpec:
        steps:
          - name: build
            image: alpine
            script: echo build
`;

const OLD_TASK = `apiVersion: tekton.dev/v1beta1
kind: Task
metadata:
  name: old
spec:
  steps:
    - name: hello
      image: alpine
      resources:
        requests:
          memory: 1Gi
      script: echo hi
`;

/** The text Monaco shows (spaces normalized). */
const editorText = (page: Page): Promise<string> =>
  page.locator('.monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

/** Selects the (unique) `text` in Monaco with its find widget, then types `replacement` over it. */
async function replaceInEditor(page: Page, text: string, replacement: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+F');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.insertText(replacement);
}

/** Records CSP violations from now on (Monaco and the workers must not need more than the policy allows). */
async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describe('pipeline editor', () => {
  const e2e = useE2e();
  const hostProcess = useHostProcess();
  let repo: string;

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'pipe-editor-e2e-'));
    mkdirSync(join(repo, '.pipe'));
    writeFileSync(join(repo, '.pipe', 'ci.yaml'), CI);
    writeFileSync(join(repo, '.pipe', 'build.yaml'), BUILD);
    mkdirSync(join(repo, '.tekton'));
    writeFileSync(join(repo, '.tekton', 'old-task.yaml'), OLD_TASK);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('opens a folder; a mistake gets a marker and a quick fix; the graph and the simulator follow; saves', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    const cspViolations = await recordCspViolations(page);
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(repo);
    await page.getByRole('button', { name: 'Open folder' }).click();

    // The file tree lists .pipe/, ci.yaml opens in a tab with Monaco, the graph shows its tasks.
    const files = page.getByRole('navigation', { name: 'Pipeline files' });
    await files.getByRole('button', { name: 'build.yaml' }).waitFor();
    await files.getByRole('button', { name: 'ci.yaml' }).click();
    await page.getByRole('tab', { name: 'ci.yaml' }).waitFor();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await expect.poll(() => editorText(page)).toContain('name: ci');
    await page.locator('[data-graph-node="test"]').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: /^Problems/ }).textContent()).toBe('Problems');

    // Misspell the param reference in task `test`.
    const mistakeLine = CI.split('\n').findIndex((l) => l.includes('value: $(params.revision)')) + 1;
    await replaceInEditor(page, '$(params.revision)', '$(params.revison)');
    // The linter's marker lands on the line of the mistake, listed in Problems.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await page.getByRole('tab', { name: /^Problems \(1\)/ }).click();
    const problem = page.getByRole('list', { name: 'Problems in .pipe/ci.yaml' }).getByRole('button').first();
    expect(await problem.textContent()).toMatch(new RegExp(`^✖${mistakeLine}:18.*param \`revison\`.*did you mean \`revision\``));
    // The graph marks the task with the error.
    await page.getByRole('tab', { name: 'Graph' }).click();
    const test = page.locator('[data-graph-node="test"]');
    await expect.poll(() => test.getAttribute('data-problem')).toBe('error');
    await saveScreenshot(page, 'editor-marker');

    // Clicking the problem puts the cursor on it; Ctrl+. offers the quick fix, Enter applies it.
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await problem.click();
    await page.keyboard.press('Control+.');
    await page.getByText('Change to `revision`').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toContain('value: $(params.revision)');
    await expect.poll(() => page.getByRole('tab', { name: /^Problems/ }).textContent()).toBe('Problems');
    await page.getByRole('tab', { name: 'Graph' }).click();
    await expect.poll(() => test.getAttribute('data-problem')).toBe(null);

    // Renaming a task updates the graph as you type.
    await replaceInEditor(page, '- name: test', '- name: unit-test');
    await page.locator('[data-graph-node="unit-test"]').waitFor();
    expect(await page.locator('[data-graph-node="test"]').count()).toBe(0);

    // Clicking a node jumps to its YAML.
    await page.locator('[data-graph-node="lint"]').click();
    const lintLine = String(CI.split('\n').indexOf('    - name: lint') + 1);
    await expect.poll(() => page.locator('.monaco-editor .line-numbers.active-line-number').textContent()).toBe(lintLine);

    // The simulator: ci runs on a feature-branch push and a PR, build on a push to main.
    await page.getByRole('tab', { name: 'Events' }).click();
    const table = page.getByRole('table', { name: 'Which events run which pipeline' });
    await table.waitFor();
    const cell = (name: RegExp) => table.getByRole('button', { name });
    expect(await cell(/^ci on push to feature\/x: runs/).count()).toBe(1);
    expect(await cell(/^ci on PR opened → main: runs/).count()).toBe(1);
    expect(await cell(/^ci on push to main: does not run — branches-ignore pattern `main` excluded `main`/).count()).toBe(1);
    expect(await cell(/^build on push to main: runs/).count()).toBe(1);
    await cell(/^ci on push to main/).click();
    await page.getByText(/excluded `main`/).first().waitFor();

    // The PipelineRun preview for a feature-branch push binds `revision` from the event.
    await page.getByRole('tab', { name: 'PipelineRun' }).click();
    await page.getByRole('combobox').selectOption('push-feature');
    const params = page.getByRole('table', { name: 'Params of the run' });
    expect(await params.getByRole('row', { name: /revision/ }).textContent()).toMatch(/revision.*event variable `revision`/);
    expect(await page.getByLabel('PipelineRun YAML').textContent()).toMatch(/kind: PipelineRun[\s\S]*pipelineRef:\s+name: ci/);
    await page.getByRole('tab', { name: 'Graph' }).click();
    await saveScreenshot(page, 'editor-graph-simulator');

    // Ctrl+S saves atomically to disk.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+S');
    await expect.poll(() => readFileSync(join(repo, '.pipe', 'ci.yaml'), 'utf8')).toContain('- name: unit-test');
    await expect.poll(() => page.getByRole('tab', { name: 'ci.yaml' }).textContent()).toBe('ci.yaml');
    expect(await cspViolations()).toEqual([]);
  });

  it('follows a change made outside the editor, and guards unsaved edits on close', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(repo);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('navigation', { name: 'Pipeline files' }).getByRole('button', { name: 'build.yaml' }).click();
    await page.getByRole('tab', { name: 'build.yaml' }).waitFor();
    await expect.poll(() => editorText(page)).toContain('name: build');

    writeFileSync(join(repo, '.pipe', 'build.yaml'), BUILD.replace('echo build', 'echo changed-outside'));
    await expect.poll(() => editorText(page), { timeout: 60_000 }).toContain('echo changed-outside');

    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('# unsaved\n');
    await expect.poll(() => page.getByRole('tab', { name: /build\.yaml/ }).textContent()).toContain('●');
    await page.getByRole('button', { name: 'Close .pipe/build.yaml' }).click();
    const guard = page.getByRole('alertdialog', { name: 'Unsaved changes' });
    await guard.waitFor();
    await guard.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: /build\.yaml/ }).waitFor();
    await page.getByRole('button', { name: 'Close .pipe/build.yaml' }).click();
    await guard.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('tab', { name: /build\.yaml/ }).waitFor({ state: 'detached' });
    expect(readFileSync(join(repo, '.pipe', 'build.yaml'), 'utf8')).not.toContain('# unsaved');
  });

  it('scaffolds ci/build/cd into an empty repository: they lint clean and fire on their events', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pipe-editor-scaffold-'));
    try {
      const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
      await page.keyboard.press('Control+K');
      await page.keyboard.type('Open pipeline editor');
      await page.keyboard.press('Enter');
      await page.getByRole('textbox', { name: 'Folder or file path' }).fill(empty);
      await page.getByRole('button', { name: 'Open folder' }).click();
      await page.getByText(/No YAML in/).waitFor();
      await page.getByText('New pipelines…').click();
      await page.getByRole('combobox', { name: 'Stack' }).selectOption('go');
      expect(await page.getByLabel('Preview of .pipe/ci.yaml').textContent()).toContain('go vet ./...');
      await page.getByRole('button', { name: 'Write to .pipe/' }).click();
      await page.getByRole('status').filter({ hasText: 'Wrote .pipe/ci.yaml, .pipe/build.yaml, .pipe/cd.yaml.' }).waitFor();
      expect(readFileSync(join(empty, '.pipe', 'cd.yaml'), 'utf8')).toContain("tags: ['v*']");
      const files = page.getByRole('navigation', { name: 'Pipeline files' });
      await files.getByRole('button', { name: 'cd.yaml' }).waitFor();
      await page.getByRole('tablist', { name: 'Open files' }).getByRole('tab', { name: 'cd.yaml' }).waitFor();
      await page.locator('.monaco-editor .view-lines').waitFor();
      await expect.poll(() => page.getByRole('tab', { name: /^Problems/ }).textContent()).toBe('Problems');
      await page.getByRole('tab', { name: 'Events' }).click();
      const table = page.getByRole('table', { name: 'Which events run which pipeline' });
      const name = page.locator('.editor-files__head');
      const prefix = ((await name.textContent()) ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
      await table.getByRole('button', { name: new RegExp(`^${prefix}-cd on tag v1\\.0\\.0: runs`) }).waitFor();
      expect(await table.getByRole('button', { name: new RegExp(`^${prefix}-build on push to main: runs`) }).count()).toBe(1);
      expect(await table.getByRole('button', { name: new RegExp(`^${prefix}-ci on PR opened → main: runs`) }).count()).toBe(1);
      expect(await table.getByRole('button', { name: /: runs/ }).count()).toBe(5);
      await saveScreenshot(page, 'editor-scaffold');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('converts a v1beta1 file to v1 after showing the diff', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(repo);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('navigation', { name: 'Pipeline files' }).getByRole('button', { name: 'old-task.yaml' }).click();
    await expect.poll(() => editorText(page)).toContain('tekton.dev/v1beta1');
    await page.getByRole('button', { name: 'Convert to v1…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert to tekton.dev/v1' });
    await dialog.getByTestId('conversion-diff').locator('.monaco-diff-editor').waitFor();
    await expect.poll(() => dialog.locator('.line-insert').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'editor-convert-diff');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => editorText(page)).toContain('computeResources:');
    expect(await editorText(page)).not.toContain('v1beta1');
    expect(await page.getByRole('tab', { name: /old-task\.yaml/ }).textContent()).toContain('●');

    // Ctrl+F (first use on this page) still opens the find widget once the diff editor is disposed: the diff used to
    // leave Monaco's shared hover factory on its disposed services, and the key typed the search into the YAML instead.
    const before = await editorText(page);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+F');
    const find = page.locator('.monaco-editor .find-widget.visible').getByRole('textbox', { name: 'Find' });
    await find.waitFor();
    await page.keyboard.insertText('computeResources');
    expect(await find.inputValue()).toBe('computeResources');
    await page.keyboard.press('Escape');
    await find.waitFor({ state: 'hidden' });
    expect(await editorText(page)).toBe(before);
  });

  it('completes event keys inside the event annotation (types and event names: unit tests)', async () => {
    const page = e2e.track(await openApp(e2e.browser(), hostProcess()));
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(repo);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('navigation', { name: 'Pipeline files' }).getByRole('button', { name: 'build.yaml' }).click();
    await expect.poll(() => editorText(page)).toContain('branches: [main]');
    await replaceInEditor(page, 'branches: [main]', 'tags-ig');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.monaco-editor .suggest-widget');
    await suggest.getByText('tags-ignore').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toContain('tags-ignore:');
  });
});
