// GitHub device flow through @octokit/auth-oauth-device against the fake GitHub's device endpoints (real HTTPS, real polling).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCert } from '../../sandbox/certs.js';
import { startFakeGithub, type FakeGithub } from '../../sandbox/fake-github.js';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import type { GithubStatus } from '../../src-shared/contract/auth';
import { MemoryCredentialStore } from './credential-store';
import { GithubAccount } from './github-account';

let dir: string;
let gh: FakeGithub;
let caData: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipe-gh-'));
  const ca = await createCa(dir, 'test-ca');
  const server = await issueCert(ca, dir, 'server', { cn: 'fake-github' }, { dns: ['localhost'], ip: ['127.0.0.1'] });
  caData = (await readFile(ca.cert)).toString('base64');
  gh = await startFakeGithub({
    certFile: server.cert,
    keyFile: server.key,
    deviceInterval: 1,
    user: { login: 'pipe-dev', id: 1, name: 'Dev', email: 'dev@pipe.example', orgs: [], teams: [] },
  });
});
afterAll(async () => {
  await gh?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function account(store = new MemoryCredentialStore()): { account: GithubAccount; store: MemoryCredentialStore } {
  const profile = { core: { name: 'core' }, runtimes: [], namespaces: [], github: { apiUrl: `${gh.url}/api/v3`, clientId: 'pipe-desktop-github', caData } } as PlatformProfile;
  return { account: new GithubAccount({ profile: () => profile, store: () => store }), store };
}

function until(a: GithubAccount, done: (s: GithubStatus) => boolean): Promise<GithubStatus> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (done(a.status)) {
        off();
        resolve(a.status);
      }
    };
    const off = a.onDidChange(check);
    check();
  });
}

async function polled(answer: string): Promise<void> {
  while (!(gh.device.polls[answer] ?? 0)) await new Promise((r) => setTimeout(r, 20));
}

async function enterCode(userCode: string, action: 'authorize' | 'deny'): Promise<number> {
  const { simpleRequest } = await import('../../sandbox/net.js');
  const res = await simpleRequest(`${gh.url}/login/device`, {
    method: 'POST',
    ca: Buffer.from(caData, 'base64'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, action }).toString(),
  });
  return res.status;
}

describe('GitHub device flow', () => {
  it('shows a code, polls while pending, stores the token once the user authorizes, and restores it', async () => {
    const { account: a, store } = account();
    const shown = await a.start();
    expect(shown.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(shown.verificationUri).toBe(`${gh.url}/login/device`);
    expect(await a.start()).toEqual(shown);
    await polled('authorization_pending');
    expect(await enterCode(shown.userCode, 'authorize')).toBe(200);
    expect(await until(a, (s) => s.state !== 'waiting')).toEqual({ state: 'signed-in', login: 'pipe-dev' });
    expect(await a.token()).toMatch(/^gho_/);

    const again = account(store).account;
    await again.restore();
    expect(again.status).toEqual({ state: 'signed-in', login: 'pipe-dev' });
    await again.signOut();
    expect(await again.token()).toBeUndefined();
  });

  it('access_denied and expired_token end the flow with their own message', async () => {
    const denied = account().account;
    const d = await denied.start();
    expect(await enterCode(d.userCode, 'deny')).toBe(200);
    expect((await until(denied, (s) => s.state !== 'waiting')).error).toContain('cancelled on GitHub');

    const expired = account().account;
    const e = await expired.start();
    expect(gh.device.expire(e.userCode)).toBe(true);
    expect((await until(expired, (s) => s.state !== 'waiting')).error).toContain('expired');
  });

  it('honours slow_down: after GitHub says slow down, the client keeps polling and still completes', async () => {
    const a = account().account;
    gh.device.slowDownNext = 1;
    const shown = await a.start();
    await polled('slow_down');
    expect(await enterCode(shown.userCode, 'authorize')).toBe(200);
    expect(await until(a, (s) => s.state !== 'waiting')).toEqual({ state: 'signed-in', login: 'pipe-dev' });
  });

  it('cancel stops polling', async () => {
    const a = account().account;
    await a.start();
    a.cancel();
    expect((await until(a, (s) => s.state !== 'waiting')).state).toBe('signed-out');
  });
});
