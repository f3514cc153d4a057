// Sign in to PIPE in Chromium over browser mode against the sandbox: empty app → Sign in → Dex + fake GitHub in the
// opened tab → PIPE clusters connected as the Dex user → GitHub device flow → sign out → clusters gone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { type SandboxInfo } from '../sandbox/index';
import { saveScreenshot, type HostProcess } from './harness';
import { useE2e, useProfileOnlyApp, useSandbox } from './fixtures';

describe('sign in to PIPE', () => {
  const e2e = useE2e();
  const sandbox = useSandbox();
  const app = useProfileOnlyApp(e2e, sandbox);
  let info: SandboxInfo;
  let host: HostProcess;
  let context: BrowserContext;
  let page: Page;

  beforeAll(() => {
    info = sandbox().info;
    ({ host, context, page } = app());
  });

  const sidebar = (): ReturnType<Page['getByRole']> => page.getByRole('navigation', { name: 'Sidebar' });
  const runtimeContext = 'pipe-pipe-sandbox-runtime';

  it('signs in through Dex and the fake GitHub in a new tab; the PIPE clusters connect as the Dex user', async () => {
    const panel = page.getByTestId('auth-panel');
    await panel.getByRole('button', { name: 'Sign in to PIPE' }).waitFor();
    await saveScreenshot(page, 'signin-1-signed-out');
    const [tab] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Sign in to PIPE' }).click()]);
    await page.locator('[data-testid="auth-panel"][data-state="signing-in"]').waitFor();
    await saveScreenshot(page, 'signin-2-waiting-for-browser');
    await tab.getByRole('link', { name: /GitHub/ }).click();
    await tab.getByText('You can close this tab').waitFor();
    await saveScreenshot(tab, 'signin-3-loopback-landing');
    await tab.close();

    await page.getByTestId('auth-user').getByText(info.dex.user.email).waitFor();
    await page.getByTestId('auth-groups').getByText(info.dex.user.groups[0]!).waitFor();
    const runtime = sidebar().getByRole('group', { name: 'Runtime · local-1' });
    const core = sidebar().getByRole('group', { name: 'Core' });
    await core.getByRole('button', { name: /^pipe-pipe-sandbox-core,/ }).waitFor();
    // Exec users connect when opened (issue 9): opening the runtime cluster runs the credential helper.
    await runtime.getByRole('button', { name: new RegExp(`^${runtimeContext},`) }).click();
    await page.getByRole('heading', { name: runtimeContext }).waitFor();
    await runtime.getByRole('button', { name: new RegExp(`^${runtimeContext}, namespace ${info.teamNamespace}, Connected`) }).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'signin-4-signed-in');
  });

  it('team-a is usable as the user; team-secret shows the apiserver\u2019s 403 text', async () => {
    await sidebar().getByRole('group', { name: 'Runtime · local-1' }).getByRole('button', { name: new RegExp(`^${runtimeContext},`) }).click();
    await page.getByRole('heading', { name: runtimeContext }).waitFor();
    await page.getByTestId('live-state').getByText('Live').waitFor();
    await page.getByRole('button', { name: /^Switch namespace/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a namespace' });
    await dialog.getByRole('textbox', { name: 'Namespace' }).fill(info.forbiddenNamespace);
    await dialog.getByRole('button', { name: `Use “${info.forbiddenNamespace}”` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Pods cannot be shown' })
      .getByText(`pods is forbidden: User "${info.dex.user.email}" cannot list resource "pods" in API group "" in the namespace "${info.forbiddenNamespace}"`)
      .waitFor();
    await saveScreenshot(page, 'signin-5-forbidden-namespace');
  });

  it('signs in to GitHub with the device flow', async () => {
    const github = page.getByTestId('github-panel');
    const [tab] = await Promise.all([context.waitForEvent('page'), github.getByRole('button', { name: 'Sign in to GitHub' }).click()]);
    const code = (await page.getByTestId('github-user-code').textContent())!;
    expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    await saveScreenshot(page, 'signin-6-github-code');
    await tab.getByRole('textbox', { name: 'Code' }).fill(code);
    await tab.getByRole('button', { name: 'Authorize' }).click();
    await tab.getByText(/all set/).waitFor();
    await tab.close();
    await page.getByTestId('github-login').getByText(info.fakeGithub.login).waitFor();
    await saveScreenshot(page, 'signin-7-github-signed-in');
  });

  it('signs out: the PIPE clusters and the app-managed kubeconfig are gone', async () => {
    await page.getByTestId('auth-panel').getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByTestId('auth-panel').getByRole('button', { name: 'Sign in to PIPE' }).waitFor();
    await sidebar().getByRole('button', { name: new RegExp(`^${runtimeContext},`) }).waitFor({ state: 'detached' });
    expect(await sidebar().getByRole('button', { name: /^pipe-pipe-sandbox-/ }).count()).toBe(0);
    expect(existsSync(join(host.dataDir, 'kubeconfigs', 'pipe-pipe-sandbox.yaml'))).toBe(false);
    await saveScreenshot(page, 'signin-8-signed-out-again');
  });
});
