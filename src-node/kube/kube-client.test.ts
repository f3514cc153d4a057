import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig, type FakeTls } from './testing/fake-apiserver';
import { KubeError, isKubeError } from './kube-errors';
import { KubeClient } from './kube-client';
import type { ExecEnvironment } from './client-node-options';
import { contextFromText, inClusterContext } from './kube-context';
import { readFileSync } from 'node:fs';

const clientFor = (file: string, context?: string, env?: ExecEnvironment): KubeClient => KubeClient.fromFile(file, context, env);

let tls: FakeTls;
let api: FakeApiserver;
let dir: string;

beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'pipe-kc-'));
});
afterAll(() => api.stop());

async function failure(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KubeError);
    return err as KubeError;
  }
  throw new Error('expected a failure');
}

describe('KubeClient error mapping against an https server', () => {
  it('works with a token and a CA file', async () => {
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'ok' }));
    expect(await c.request('/version')).toEqual({ gitVersion: 'v1.36.3-fake' });
    c.dispose();
  });

  it('401 → expired, "credentials expired — log in again"', async () => {
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'stale', token: 'old-token' }));
    const e = await failure(c.request('/version'));
    expect(e.status).toBe(401);
    expect(e.problem).toMatchObject({ code: 'expired', message: 'Credentials expired — log in again.' });
    expect(e.isAuthFailure).toBe(true);
    c.dispose();
  });

  it('403 → the server message verbatim', async () => {
    api.forbiddenNamespaces.add('secret');
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'rbac' }));
    const e = await failure(c.request('/api/v1/namespaces/secret/pods'));
    expect(e.problem.code).toBe('forbidden');
    expect(e.problem.message).toBe('pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "secret"');
    c.dispose();
  });

  it('an untrusted certificate → tls, explained', async () => {
    const c = clientFor(writeFakeKubeconfig(dir, api.url, undefined, { name: 'noca' }));
    const e = await failure(c.request('/version'));
    expect(e.problem.code).toBe('tls');
    expect(e.problem.message).toMatch(/self-signed|does not trust/);
    c.dispose();
  });

  it('nothing listening → unavailable (the retry loop takes over)', async () => {
    const c = clientFor(writeFakeKubeconfig(dir, 'https://127.0.0.1:1', tls.caFile, { name: 'down' }));
    const e = await failure(c.request('/version'));
    expect(e.problem.code).toBe('unavailable');
    expect(e.isUnreachable).toBe(true);
    c.dispose();
  });

  it('5xx with a Status body → unavailable with the server text', async () => {
    api.fail(503, 'etcdserver: leader changed', /^\/version$/, 1);
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'flaky' }));
    const e = await failure(c.request('/version'));
    expect(e.problem.message).toMatch(/503.*leader changed/);
    expect(e.isUnreachable).toBe(true);
    c.dispose();
  });

  it('a missing exec plugin says so and names the PATH it searched', async () => {
    const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'pipe-no-such-plugin' } };
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'noexec', user }), undefined, { path: '/nonexistent/bin', extra: {} });
    const e = await failure(c.request('/version'));
    expect(e.problem.code).toBe('invalid-config');
    expect(e.problem.message).toMatch(/"pipe-no-such-plugin" was not found/);
    expect(e.problem.help).toMatch(/\/nonexistent\/bin/);
    c.dispose();
  });

  it('finds an exec plugin on the login shell PATH (not this process PATH) and passes its variables', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'pipe-bin-'));
    const plugin = join(bin, 'pipe-test-login');
    // The plugin only succeeds when it sees the shell-only variable, like aws/gcloud plugins needing their profile.
    writeFileSync(
      plugin,
      `#!${process.execPath}\nif (process.env.PIPE_SHELL_ONLY !== 'yes') { console.error('no profile'); process.exit(1); }\n` +
        `console.log(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'good-token'}}));\n`,
    );
    chmodSync(plugin, 0o755);
    const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'pipe-test-login' } };
    const file = writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'exec', user });
    const c = clientFor(file, undefined, { path: `${bin}:/usr/bin:/bin`, extra: { PIPE_SHELL_ONLY: 'yes' } });
    expect(await c.request('/version')).toMatchObject({ gitVersion: 'v1.36.3-fake' });
    c.dispose();
    const without = clientFor(file, undefined, { path: `${bin}:/usr/bin:/bin`, extra: {} });
    const e = await failure(without.request('/version'));
    expect(e.problem.message).toMatch(/failed: no profile/);
    without.dispose();
  });

  it('auth-provider oidc (unexpired id-token) and token-file both authenticate', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${b64({ alg: 'RS256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 3600, email: 'alice@example.com' })}.sig`;
    const saved = api.token;
    api.token = idToken;
    try {
      const oidc = { 'auth-provider': { name: 'oidc', config: { 'id-token': idToken, 'client-id': 'pipe-desktop', 'idp-issuer-url': 'https://dex.invalid' } } };
      const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'oidc', user: oidc }));
      expect(await c.request('/version')).toMatchObject({ gitVersion: 'v1.36.3-fake' });
      c.dispose();
      writeFileSync(join(dir, 'token'), idToken);
      const tf = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'tokenfile', user: { 'token-file': 'token' } }));
      expect(await tf.request('/version')).toMatchObject({ gitVersion: 'v1.36.3-fake' });
      tf.dispose();
    } finally {
      api.token = saved;
    }
  });

  it('watch streams events and ends when the server closes it', async () => {
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'w' }));
    api.put('w', 'a');
    const seen: string[] = [];
    const ctl = new AbortController();
    const done = c.watch('/api/v1/namespaces/w/pods', { resourceVersion: '0', timeoutSeconds: 300 }, (l) => seen.push(`${l.type}:${(l.object.metadata as { name: string }).name}`), ctl.signal);
    for (let i = 0; !seen.includes('ADDED:a'); i++) {
      if (i > 4000) throw new Error('the watch delivered nothing');
      await new Promise((r) => setTimeout(r, 5));
    }
    api.put('w', 'b');
    for (let i = 0; !seen.includes('ADDED:b'); i++) {
      if (i > 4000) throw new Error('the watch did not deliver the change');
      await new Promise((r) => setTimeout(r, 5));
    }
    api.endWatches();
    await done;
    expect(seen).toEqual(['ADDED:a', 'ADDED:b']);
    c.dispose();
  });

  it('opens a raw stream with the same credentials and maps a refused one to a typed error', async () => {
    api.put('raw', 'p1');
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'raw' }));
    const res = await c.openStream('/api/v1/namespaces/raw/pods');
    let text = '';
    for await (const chunk of res) text += String(chunk);
    expect(JSON.parse(text)).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'p1' } }] });
    const bad = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'raw-bad', token: 'wrong' }));
    const err = await failure(bad.openStream('/api/v1/namespaces/raw/pods'));
    expect(err.code).toBe('Unauthorized');
    expect(err.isAuthFailure).toBe(true);
    c.dispose();
    bad.dispose();
  });

  it('upgrades to a WebSocket with the same credentials, offered subprotocols and query arrays', async () => {
    const c = new KubeClient(KubeClient.fromFile(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'ws' })).context, undefined, { userAgent: 'pipe-test' });
    const ws = await c.upgrade('/api/v1/namespaces/n/pods/p/exec', { query: { command: ['sh', '-c', 'echo hi'], stdout: 'true' }, protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'] });
    const messages: string[] = [];
    const two = new Promise<void>((resolve) => ws.on('message', (d) => messages.push(String(d)) === 2 && resolve()));
    ws.send('ping');
    await two;
    const hello = JSON.parse(messages[0]!) as { url: string; protocol: string; userAgent: string };
    expect(hello.protocol).toBe('v5.channel.k8s.io');
    expect(hello.userAgent).toBe('pipe-test');
    expect(new URL(hello.url, 'https://x').searchParams.getAll('command')).toEqual(['sh', '-c', 'echo hi']);
    expect(messages[1]).toBe('ping');
    ws.close();
    const bad = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'ws-bad', token: 'wrong' }));
    const err = await failure(bad.upgrade('/api/v1/namespaces/n/pods/p/exec'));
    expect(isKubeError(err, 'Unauthorized')).toBe(true);
    c.dispose();
    bad.dispose();
  });

  it('maps Status answers to codes callers branch on', async () => {
    api.fail(409, 'pods "x" already exists', /conflict-ns/);
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'codes' }));
    const conflict = await failure(c.request('/api/v1/namespaces/conflict-ns/pods'));
    expect(conflict.code).toBe('Conflict');
    expect(conflict.isTransient).toBe(false);
    api.clearFailures();
    api.fail(503, 'overloaded', /busy-ns/);
    const busy = await failure(c.request('/api/v1/namespaces/busy-ns/pods'));
    expect(busy.code).toBe('Unavailable');
    expect(busy.isTransient && busy.isUnreachable).toBe(true);
    api.clearFailures();
    const down = await failure(clientFor(writeFakeKubeconfig(dir, 'https://127.0.0.1:1', tls.caFile, { name: 'down' })).request('/version'));
    expect(down.code).toBe('Unavailable');
    c.dispose();
  });

  it('exchange answers any status with the body (a refusal is data, not an error)', async () => {
    api.forbiddenNamespaces.add('exchange-secret');
    const c = clientFor(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'exchange' }));
    const refused = await c.exchange('/api/v1/namespaces/exchange-secret/pods');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect((await c.exchange('/version')).status).toBe(200);
    c.dispose();
  });

  it('builds a context from kubeconfig text (no file on disk)', async () => {
    const text = readFileSync(writeFakeKubeconfig(dir, api.url, tls.caFile, { name: 'text' }), 'utf8');
    const c = new KubeClient(contextFromText('<memory>', text));
    expect(await c.request('/version')).toEqual({ gitVersion: 'v1.36.3-fake' });
    c.dispose();
    expect(() => contextFromText('<memory>', text, 'nope')).toThrow(/no context named "nope"/);
  });

  it('builds the in-cluster context from the mounted service account', () => {
    const sa = mkdtempSync(join(tmpdir(), 'pipe-sa-'));
    writeFileSync(join(sa, 'namespace'), 'pipe-system\n');
    const ctx = inClusterContext({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, sa);
    expect(ctx.cluster?.body).toEqual({ server: 'https://[fd00::1]:443', 'certificate-authority': `${sa}/ca.crt` });
    expect(ctx.user?.body).toEqual({ 'token-file': `${sa}/token` });
    expect(ctx.namespace).toBe('pipe-system');
    expect(() => inClusterContext({})).toThrow(/Not running in a Kubernetes pod/);
  });
});
