// Pod shells on bad input: the terminal always starts and says what went wrong (never a thrown error, never a hang).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig, type FakeTls } from '../../src-node/kube/testing/fake-apiserver';
import { KubeClient } from '../../src-node/kube/kube-client';
import { podShellTarget } from '../../src-shared/contract/terminal';
import { startPodShell } from './pod-shell';
import type { TerminalExit, TerminalProcess } from './terminal-process';
import { waitUntil } from '../../src-node/testing/wait-until';


let tls: FakeTls;
let api: FakeApiserver;
let dir: string;
const size = { cols: 80, rows: 24 };

beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'pipe-pod-shell-'));
});
afterAll(() => api.stop());

/** Starts a pod terminal and waits for its end. */
async function ended(client: KubeClient, target: Parameters<typeof startPodShell>[1]): Promise<{ proc: TerminalProcess; text: string; exit: TerminalExit }> {
  const proc = await startPodShell(client, target, size);
  let text = '';
  let exit: TerminalExit | undefined;
  proc.onData((d) => (text += d));
  proc.onExit((e) => (exit = e));
  await waitUntil(() => exit !== undefined, 'the terminal to end');
  client.dispose();
  return { proc, text, exit: exit! };
}

const client = (name: string, opts: Parameters<typeof writeFakeKubeconfig>[3] = {}, server = api.url): KubeClient =>
  KubeClient.fromFile(writeFakeKubeconfig(dir, server, tls.caFile, { name, ...opts }));

describe('pod shells on bad input', () => {
  it('an unreachable cluster: the terminal says so and ends', async () => {
    const { text, exit } = await ended(client('down', {}, 'https://127.0.0.1:1'), { context: 'x', namespace: 'team-a', pod: 'p' });
    expect(exit.code).toBeNull();
    expect(exit.message).toMatch(/reach|refused|connect/i);
    expect(text).toContain(exit.message!);
  });

  it('refused credentials (401) are said plainly, for exec and attach alike', async () => {
    const exec = await ended(client('stale', { token: 'expired' }), { context: 'x', namespace: 'team-a', pod: 'p' });
    expect(exec.exit.message).toBe('Credentials expired — log in again.');
    const attach = await ended(client('stale2', { token: 'expired' }), { context: 'x', namespace: 'team-a', pod: 'p', mode: 'attach' });
    expect(attach.exit.message).toBe('Credentials expired — log in again.');
    expect(attach.proc.program).toBe('attach p');
  });

  it('a credential plugin that does not exist (a broken kubeconfig) is a message, not a crash', async () => {
    const broken = client('no-plugin', { user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/kube-login-plugin', interactiveMode: 'Never' } } });
    const { exit } = await ended(broken, { context: 'x', namespace: 'team-a', pod: 'p' });
    expect(exit.code).toBeNull();
    expect(exit.message).toMatch(/kube-login-plugin/);
  });

  it('attach to a pod that is gone, or to a container it does not have', async () => {
    const gone = await ended(client('gone'), { context: 'x', namespace: 'team-a', pod: 'no-such-pod', mode: 'attach' });
    expect(gone.exit.message).toMatch(/not found/i);
    api.put('team-a', 'one-container');
    const missing = await ended(client('missing'), { context: 'x', namespace: 'team-a', pod: 'one-container', container: 'sidecar', mode: 'attach' });
    expect(missing.exit.message).toBe('The pod one-container has no container named "sidecar".');
  });

  it('the contract refuses a command for attach (it connects to the running process)', () => {
    expect(podShellTarget.safeParse({ context: 'x', namespace: 'n', pod: 'p', mode: 'attach', command: ['sh'] }).success).toBe(false);
    expect(podShellTarget.safeParse({ context: 'x', namespace: 'n', pod: 'p', mode: 'attach' }).success).toBe(true);
    expect(podShellTarget.safeParse({ context: 'x', namespace: 'n', pod: 'p', mode: 'detach' }).success).toBe(false);
  });
});
