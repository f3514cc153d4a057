// Scaffold → pull request in Chromium over browser mode against the sandbox's fake GitHub: sign in to PIPE, sign in
// to GitHub with the device flow (the user enters the code on the fake's verification page in a second tab), open the
// editor's scaffolder on an empty folder, pick a stack, "Open a pull request" on the sample repository; then the
// branch, its one commit with the files under .pipe/ and the pull request are read back from the fake's REST API.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { SandboxInfo } from '../sandbox/index';
import { saveScreenshot } from './harness';
import { useE2e, useProfileOnlyApp, useSandbox } from './fixtures';

const REPOSITORY = 'pipe-sandbox/sample-app';
const FILES = ['.pipe/ci.yaml', '.pipe/build.yaml', '.pipe/cd.yaml'];

interface Answer {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
}

/** One https request to the fake GitHub (trusting the sandbox CA). */
function call(info: SandboxInfo, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(path, info.fakeGithub.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: readFileSync(info.fakeGithub.caFile) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A read-only REST client for the checks, signed in as the test's own OAuth client (web flow: authorize → code →
 * token). The token stays in this closure: never printed, never written.
 */
async function githubReader(info: SandboxInfo): Promise<(path: string) => Promise<unknown>> {
  const callback = encodeURIComponent('http://127.0.0.1/callback');
  const authorize = await call(info, 'GET', `/login/oauth/authorize?client_id=e2e&state=s&redirect_uri=${callback}`, {});
  expect(authorize.status).toBe(302);
  const code = new URL(authorize.location!).searchParams.get('code')!;
  const exchanged = await call(info, 'POST', '/login/oauth/access_token', { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ client_id: 'e2e', code }).toString());
  const token = (JSON.parse(exchanged.body) as { access_token?: string }).access_token;
  if (!token) throw new Error(`the fake GitHub issued no token (HTTP ${exchanged.status})`);
  return async (path) => {
    const answer = await call(info, 'GET', `/api/v3${path}`, { authorization: `token ${token}`, accept: 'application/vnd.github+json' });
    if (answer.status !== 200) throw new Error(`GET ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    return JSON.parse(answer.body) as unknown;
  };
}

describe('scaffold → pull request on GitHub', () => {
  const e2e = useE2e();
  // The sample repository exists on the fake GitHub when pipe-events runs.
  const sandbox = useSandbox({ pipeEvents: true });
  const app = useProfileOnlyApp(e2e, sandbox);
  let info: SandboxInfo;
  let context: BrowserContext;
  let page: Page;
  let folder: string;

  beforeAll(() => {
    info = sandbox().info;
    ({ context, page } = app());
    folder = mkdtempSync(join(tmpdir(), 'pipe-scaffold-pr-'));
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('signs in to PIPE, then to GitHub with the device flow on the fake GitHub\u2019s verification page', async () => {
    const panel = page.getByTestId('auth-panel');
    const [tab] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Sign in to PIPE' }).click()]);
    await tab.getByRole('link', { name: /GitHub/ }).click();
    await tab.getByText('You can close this tab').waitFor();
    await tab.close();
    await page.getByTestId('auth-user').getByText(info.dex.user.email).waitFor();

    const github = page.getByTestId('github-panel');
    const [device] = await Promise.all([context.waitForEvent('page'), github.getByRole('button', { name: 'Sign in to GitHub' }).click()]);
    const code = (await page.getByTestId('github-user-code').textContent())!;
    expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    // The user, on GitHub's page the app opened: enters the code and authorizes.
    await device.waitForURL(/\/login\/device$/);
    await device.getByRole('textbox', { name: 'Code' }).fill(code);
    await device.getByRole('button', { name: 'Authorize' }).click();
    await device.getByText(/all set/).waitFor();
    await device.close();
    await page.getByTestId('github-login').getByText(info.fakeGithub.login).waitFor();
  });

  it('opens a pull request with the scaffold: the UI links it; the fake GitHub has the branch, one commit and the PR', async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Open pipeline editor');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Folder or file path' }).fill(folder);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByText(/No YAML in/).waitFor();
    await page.getByText('New pipelines…').click();
    await page.getByRole('combobox', { name: 'Stack' }).selectOption('go');
    // The files as previewed (what the PR must carry).
    const previewed = new Map<string, string>();
    for (const path of FILES) {
      await page.getByRole('tablist', { name: 'Generated files' }).getByRole('tab', { name: path.slice('.pipe/'.length) }).click();
      previewed.set(path, (await page.getByLabel(`Preview of ${path}`).textContent())!);
    }
    expect(previewed.get('.pipe/ci.yaml')).toContain('go vet ./...');

    await page.getByRole('textbox', { name: 'GitHub repository' }).fill(REPOSITORY);
    await page.getByRole('button', { name: 'Open a pull request' }).click();
    const opened = page.getByRole('status').filter({ hasText: 'Opened pull request' });
    const link = opened.getByRole('link', { name: /^pull request #\d+$/ });
    await link.waitFor();
    await saveScreenshot(page, 'scaffold-pr-opened');
    const number = Number(/#(\d+)$/.exec((await link.textContent())!)![1]);
    expect(await link.getAttribute('href')).toBe(`https://github.com/${REPOSITORY}/pull/${number}`);
    const branch = (await opened.locator('code').textContent())!;
    expect(branch).toMatch(/^pipe\/new-pipelines-[0-9a-z]+$/);

    const get = await githubReader(info);
    const repo = (await get(`/repos/${REPOSITORY}`)) as { default_branch: string };
    const main = (await get(`/repos/${REPOSITORY}/git/ref/${encodeURIComponent(`heads/${repo.default_branch}`)}`)) as { object: { sha: string } };
    const head = (await get(`/repos/${REPOSITORY}/git/ref/${encodeURIComponent(`heads/${branch}`)}`)) as { object: { sha: string } };
    // One commit on top of the default branch.
    const commit = (await get(`/repos/${REPOSITORY}/git/commits/${head.object.sha}`)) as { parents: { sha: string }[]; tree: { sha: string }; message: string };
    expect(commit.parents.map((p) => p.sha)).toEqual([main.object.sha]);
    expect(commit.message).toContain('.pipe/ci.yaml');
    const tree = (await get(`/repos/${REPOSITORY}/git/trees/${commit.tree.sha}?recursive=1`)) as { tree: { path: string; type: string; sha: string }[] };
    for (const path of FILES) {
      const entry = tree.tree.find((e) => e.path === path && e.type === 'blob');
      expect(entry, path).toBeDefined();
      const blob = (await get(`/repos/${REPOSITORY}/git/blobs/${entry!.sha}`)) as { content: string; encoding: string };
      expect(blob.encoding).toBe('base64');
      expect(Buffer.from(blob.content, 'base64').toString('utf8'), path).toBe(previewed.get(path));
    }
    // The pull request: from the branch's commit into the default branch, changing exactly the scaffold's files.
    const pr = (await get(`/repos/${REPOSITORY}/pulls/${number}`)) as { number: number; html_url: string; body: string | null; head: { ref: string; sha: string }; base: { ref: string; sha: string } };
    expect(pr.html_url).toBe(`https://github.com/${REPOSITORY}/pull/${number}`);
    // The body explains each pipeline: a section per file with the events that fire it.
    for (const path of FILES) {
      const section = pr.body?.split('\n### ').find((part) => part.startsWith(`\`${path}\``));
      expect(section, path).toMatch(/\nRuns on: [^\n]+\./);
    }
    expect(pr.head).toMatchObject({ ref: branch, sha: head.object.sha });
    expect(pr.base).toMatchObject({ ref: repo.default_branch, sha: main.object.sha });
    const changed = (await get(`/repos/${REPOSITORY}/pulls/${number}/files`)) as { filename: string }[];
    expect(changed.map((f) => f.filename).sort()).toEqual([...FILES].sort());
  });
});
