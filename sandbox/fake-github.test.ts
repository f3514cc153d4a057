// The sandbox's one fake GitHub: device flow tokens work on the REST side served by the same https server.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCert } from './certs.js';
import { startFakeGithub, type FakeGithub } from './fake-github.js';
import { simpleRequest } from './net.js';

let dir: string;
let gh: FakeGithub;
let ca: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipe-fake-gh-'));
  const caPair = await createCa(dir, 'test-ca');
  const server = await issueCert(caPair, dir, 'server', { cn: 'fake-github' }, { dns: ['localhost'], ip: ['127.0.0.1'] });
  ca = await readFile(caPair.cert);
  gh = await startFakeGithub({ certFile: server.cert, keyFile: server.key, deviceInterval: 1, user: { login: 'pipe-dev', id: 1, name: 'Dev', email: 'dev@pipe.example', orgs: [], teams: [] } });
});
afterAll(async () => {
  await gh?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function form(path: string, body: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await simpleRequest(`${gh.url}${path}`, {
    method: 'POST',
    ca,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
  });
  return JSON.parse(res.body) as Record<string, unknown>;
}

describe('sandbox fake GitHub', () => {
  it('answers the device flow as GitHub documents it, and its token reads repositories from the REST side', async () => {
    const code = await form('/login/device/code', { client_id: 'c', scope: 'repo' });
    expect(code).toMatchObject({ verification_uri: `${gh.url}/login/device`, expires_in: 900, interval: 1 });
    const poll = { client_id: 'c', device_code: String(code.device_code), grant_type: 'urn:ietf:params:oauth:grant-type:device_code' };
    expect(await form('/login/oauth/access_token', poll)).toMatchObject({ error: 'authorization_pending' });
    // Polling again at once is too fast: slow_down with the interval raised by 5 s.
    expect(await form('/login/oauth/access_token', poll)).toMatchObject({ error: 'slow_down', interval: 6 });
    expect(await form('/login/oauth/access_token', { ...poll, device_code: 'nope' })).toMatchObject({ error: 'incorrect_device_code' });
    expect(gh.device.approve(String(code.user_code))).toBe(true);
    gh.device.interval = 0;
    await new Promise((r) => setTimeout(r, 6100));
    const token = await form('/login/oauth/access_token', poll);
    expect(token).toMatchObject({ token_type: 'bearer', access_token: expect.stringMatching(/^gho_/) });

    gh.rest.repo('pipe-sandbox/app');
    const repo = await simpleRequest(`${gh.url}/api/v3/repos/pipe-sandbox/app`, { ca, headers: { authorization: `token ${String(token.access_token)}` } });
    expect(repo.status).toBe(200);
    expect(JSON.parse(repo.body)).toMatchObject({ full_name: 'pipe-sandbox/app' });
    const anonymous = await simpleRequest(`${gh.url}/api/v3/repos/pipe-sandbox/app`, { ca });
    expect(anonymous.status).toBe(401);
    const user = await simpleRequest(`${gh.url}/api/v3/user`, { ca, headers: { authorization: `token ${String(token.access_token)}` } });
    expect(JSON.parse(user.body)).toMatchObject({ login: 'pipe-dev' });
  });

  it('refuses bad input without crashing: oversized bodies, unknown codes, the device page with a wrong code', async () => {
    const big = await simpleRequest(`${gh.url}/login/device/code`, { method: 'POST', ca, body: 'x'.repeat(100_000) }).catch((e: unknown) => e);
    expect(big).toBeDefined();
    const page = await simpleRequest(`${gh.url}/login/device`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_code=NOPE-NOPE&action=authorize' });
    expect(page.status).toBe(400);
    expect((await simpleRequest(`${gh.url}/login/device`, { ca })).status).toBe(200);
  });
});
