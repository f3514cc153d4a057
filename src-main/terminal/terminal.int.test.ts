// Terminals against the sandbox: a real pty runs the sandbox's kubectl through the per-terminal kubeconfig, and pod
// shells go user → apiserver exec WebSocket → kwok → a local /bin/sh for real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/info';
import { findBinary } from '../../sandbox/binaries';
import { criLogLine } from '../../sandbox/kwok';
import { podAttach } from '../../sandbox/kwok-exec';
import { KubeClient } from '../../src-node/kube/kube-client';
import { KubeconfigExporter } from '../clusters/kubeconfig-exporter';
import { KubeconfigStore } from '../clusters/kubeconfig-store';
import { createPod, deletePod } from '../clusters/testing/sandbox-helpers';
import { openPodExec } from '../../src-node/kube/pod-exec';
import { startPodShell } from './pod-shell';
import { isAlive, listProcesses } from './process-tree';
import type { TerminalExit, TerminalProcess } from './terminal-process';
import type { TerminalService } from './terminal-service';
import { Output, testTerminalService } from './testing';
import { waitUntil } from '../../src-node/testing/wait-until';

let info: SandboxInfo;
let admin: KubeClient;
let user: KubeClient;
let store: KubeconfigStore;
let service: TerminalService;
const POD = `term-${Date.now().toString(36)}`;

beforeAll(async () => {
  info = readSandboxInfo();
  admin = KubeClient.fromFile(info.runtime.adminKubeconfig);
  user = KubeClient.fromFile(info.runtime.userKubeconfig, undefined, { path: process.env.PATH ?? '', extra: {} });
  await createPod(admin, info.teamNamespace, POD);
  await createPod(admin, info.forbiddenNamespace, POD);
  await waitUntil(
    async () => {
    const pod = await admin.request<{ status?: { phase?: string } }>(`/api/v1/namespaces/${info.teamNamespace}/pods/${POD}`);
    return pod.status?.phase === 'Running';
  },
    'the pod to run',
  );
  const home = mkdtempSync(join(tmpdir(), 'pipe-term-int-'));
  store = new KubeconfigStore({ envKubeconfig: () => info.kubeconfig, home, userPaths: () => [], appDir: join(home, 'app') });
  await store.start();
  const kubectl = findBinary('kubectl');
  if (!kubectl) throw new Error('the sandbox kubectl is missing: run `npm run sandbox:build`');
  const path = [dirname(kubectl), dirname(process.execPath), process.env.PATH].join(':');
  const env = { HOME: home, PATH: path, SHELL: '/bin/sh', LANG: 'C.UTF-8' };
  service = testTerminalService({
    env,
    loginEnv: { get: async () => env },
    renderer: new KubeconfigExporter(store, join(home, 'exports')),
    podShell: (target, size) => startPodShell(user, target, size),
  }).service;
});

afterAll(async () => {
  await service?.dispose();
  store?.dispose();
  if (admin) for (const ns of [info.teamNamespace, info.forbiddenNamespace]) await deletePod(admin, ns, POD);
  admin?.dispose();
  user?.dispose();
});

/** Collects a pod shell's output and its end. */
function collect(proc: TerminalProcess): { text: () => string; exit: () => TerminalExit | undefined } {
  let text = '';
  let exit: TerminalExit | undefined;
  proc.onData((d) => (text += d));
  proc.onExit((e) => (exit = e));
  return { text: () => text, exit: () => exit };
}

describe('local terminal bound to a sandbox cluster', () => {
  it("runs the sandbox's kubectl through the per-terminal kubeconfig as the signed-in user", async () => {
    const t = await service.create({ cols: 120, rows: 30, binding: { context: info.runtime.userContext, namespace: info.teamNamespace } }, 'c1');
    const out = new Output((n) => service.ack(t.id, n));
    service.attach(t.id, 'c1', out.emit);
    service.input(t.id, 'kubectl get pods -o name; echo "rc1=$?"; kubectl auth whoami -o jsonpath="{.status.userInfo.username}"; echo; echo "rc2=$?"\r');
    await waitUntil(() => /rc2=\d/.test(out.text), 'kubectl to finish');
    expect(out.text).toContain(`pod/${POD}`);
    expect(out.text).toMatch(/rc1=0/);
    expect(out.text).toContain(info.dex.user.email);
    await service.close(t.id);
  });
});

describe('pod shells over exec', () => {
  const target = () => ({ context: 'runtime', namespace: info.teamNamespace, pod: POD });

  it('runs a command (no tty: stdout and stderr apart) and reports its exit code', async () => {
    const exec = await openPodExec(user, {
      namespace: info.teamNamespace,
      pod: POD,
      command: ['/bin/sh', '-c', 'echo "in-pod-$((6*7))"; echo "to-stderr" >&2; exit 3'],
      tty: false,
    });
    expect(exec.protocol).toBe('v5.channel.k8s.io');
    const out = { stdout: '', stderr: '' };
    exec.onOutput((data, stream) => (out[stream] += data.toString()));
    let end: { code: number | null } | undefined;
    exec.onEnd((o) => (end = o));
    await waitUntil(() => end !== undefined, 'the exec to end');
    expect(out.stdout).toContain('in-pod-42');
    expect(out.stderr).toContain('to-stderr');
    expect(end).toEqual({ code: 3 });
  });

  it('an interactive shell follows resizes and ends with the code of `exit`', async () => {
    const proc = await startPodShell(user, target(), { cols: 80, rows: 24 });
    const p = collect(proc);
    proc.write('stty size\r');
    await waitUntil(() => p.text().includes('24 80'), 'the initial size');
    proc.resize(132, 40);
    proc.write('stty size\r');
    await waitUntil(() => p.text().includes('40 132'), 'the new size');
    proc.write('exit 5\r');
    await waitUntil(() => p.exit() !== undefined, 'the shell to end');
    expect(p.exit()).toEqual({ code: 5 });
  });

  it('says plainly that exec is forbidden in team-secret (RBAC 403)', async () => {
    const p = collect(await startPodShell(user, { ...target(), namespace: info.forbiddenNamespace }, { cols: 80, rows: 24 }));
    await waitUntil(() => p.exit() !== undefined, 'the refusal');
    expect(p.exit()?.message).toMatch(/forbidden/i);
    expect(p.exit()?.message).toContain('pods/exec');
    expect(p.text()).toMatch(/forbidden/i);
  });

  it('a container without the program: the terminal says so and ends', async () => {
    const p = collect(await startPodShell(user, { ...target(), command: ['/nonexistent/bin/zsh'] }, { cols: 80, rows: 24 }));
    await waitUntil(() => p.exit() !== undefined, 'the failure');
    expect(p.exit()?.code).not.toBe(0);
    expect(p.text() + (p.exit()?.message ?? '')).toMatch(/no such file|not found/i);
  });

  it('through the terminal service: a pod terminal, closed cleanly', async () => {
    const t = await service.create({ cols: 80, rows: 24, pod: target() }, 'c1');
    expect(t).toMatchObject({ kind: 'pod', title: POD });
    const out = new Output((n) => service.ack(t.id, n));
    service.attach(t.id, 'c1', out.emit);
    service.input(t.id, 'echo "svc-$((2+3))"\r');
    await waitUntil(() => out.text.includes('svc-5'), 'the echo');
    await service.close(t.id);
    expect(service.list()).toEqual([]);
  });
});

describe('attach over the apiserver attach WebSocket (kwok: the container "process" is a CRI log file it follows)', () => {
  const target = () => ({ context: 'runtime', namespace: info.teamNamespace, pod: POD, mode: 'attach' as const });

  it('shows what the container writes after attaching, output only (no stdin in the spec); closing detaches', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pipe-attach-')), 'app.log');
    writeFileSync(file, criLogLine('written-before-attach'));
    await admin.request(`/apis/kwok.x-k8s.io/v1alpha1/namespaces/${info.teamNamespace}/attaches`, { method: 'POST', body: podAttach(info.teamNamespace, POD, file) });
    let n = 0;
    let last: { proc: TerminalProcess; p: ReturnType<typeof collect> } | undefined;
    // kwok picks the Attach object up through its own informer: until it has, an attach ends with "no attaches found".
    await waitUntil(
      async () => {
      if (!last || last.p.exit()) {
        const proc = await startPodShell(user, target(), { cols: 80, rows: 24 });
        last = { proc, p: collect(proc) };
      }
      appendFileSync(file, criLogLine(`written-after-attach-${++n}`));
      await new Promise((r) => setTimeout(r, 200));
      return last.p.text().includes('written-after-attach');
    },
      'a line the container writes after attaching',
      60_000,
    );
    const { proc, p } = last!;
    expect(proc.program).toBe(`attach ${POD}`);
    expect(p.text()).toContain('output only');
    expect(p.text()).not.toContain('written-before-attach');
    expect(p.text()).toMatch(/written-after-attach-\d+\r\n/);
    proc.write('typed while output only\r');
    await proc.kill();
    await waitUntil(() => p.exit() !== undefined, 'the session to end');
  });

  it('through the terminal service: an attach terminal is titled as such', async () => {
    const t = await service.create({ cols: 80, rows: 24, pod: target() }, 'c1');
    expect(t).toMatchObject({ kind: 'pod', title: `attach ${POD}`, pod: { mode: 'attach' } });
    await service.close(t.id);
  });

  it('says plainly that attaching in team-secret is forbidden (RBAC 403)', async () => {
    const p = collect(await startPodShell(user, { ...target(), namespace: info.forbiddenNamespace }, { cols: 80, rows: 24 }));
    await waitUntil(() => p.exit() !== undefined, 'the refusal');
    expect(p.exit()?.message).toMatch(/forbidden/i);
    expect(p.text()).toMatch(/forbidden/i);
  });
});

/** TCP sockets this process holds: with fresh clients used only for exec, each is an exec WebSocket to the apiserver. */
function execSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** The pid of the pod shell (kwok runs it on this machine), read from the terminal. */
async function shellPid(service: TerminalService, id: string, out: Output, tag: string): Promise<number> {
  service.input(id, `echo "${tag}=$$"\r`);
  const re = new RegExp(`${tag}=(\\d+)`);
  await waitUntil(() => re.test(out.text), `the shell's pid (${tag})`);
  return Number(re.exec(out.text)![1]);
}

describe('closing pod shells (kwok runs them as processes on this machine, so they can be counted)', () => {
  const target = () => ({ context: 'runtime', namespace: info.teamNamespace, pod: POD });

  beforeAll(() => {
    // Fresh clients: the earlier tests' keep-alive connections would blur the count of exec sockets.
    admin.dispose();
    user.dispose();
    admin = KubeClient.fromFile(info.runtime.adminKubeconfig);
    user = KubeClient.fromFile(info.runtime.userKubeconfig, undefined, { path: process.env.PATH ?? '', extra: {} });
  });

  it('open and close 8 shells one after another: each shell process ends, the host holds no exec socket, the next shell works', async () => {
    // Warm-up (the credential plugin and the client's first connection are not counted): the shell ends with exit 0.
    const warm = await startPodShell(user, target(), { cols: 80, rows: 24 });
    const w = collect(warm);
    warm.write('echo "warm=$$"\r');
    await waitUntil(() => /warm=\d+/.test(w.text()), 'the warm-up shell');
    await warm.kill();
    expect(w.exit()).toEqual({ code: 0 });
    await waitUntil(async () => !(await isAlive(Number(/warm=(\d+)/.exec(w.text())![1]))), 'the warm-up shell to end');
    await waitUntil(() => execSockets() === 0, 'no socket before counting');
    const pids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = await service.create({ cols: 80, rows: 24, pod: target() }, 'c1');
      const out = new Output((n) => service.ack(t.id, n));
      service.attach(t.id, 'c1', out.emit);
      pids.push(await shellPid(service, t.id, out, `shell${i}`));
      expect(execSockets()).toBe(1);
      await service.close(t.id);
      // Told to end through its tty (closing stdin alone leaves kwok's pty open and the shell waiting forever).
      await waitUntil(async () => !(await isAlive(pids[i]!)), `shell ${i} (pid ${pids[i]}) to end`);
    }
    expect(new Set(pids).size).toBe(8);
    expect(service.list()).toEqual([]);
    await waitUntil(() => execSockets() === 0, 'the exec sockets to be released');
  });

  it('open 6 shells at once, close them all: no shell process and no exec socket remain', async () => {
    await waitUntil(() => execSockets() === 0, 'no socket before counting');
    const opened = await Promise.all(Array.from({ length: 6 }, () => service.create({ cols: 80, rows: 24, pod: target() }, 'c2')));
    const pids = await Promise.all(
      opened.map((t, i) => {
        const out = new Output((n) => service.ack(t.id, n));
        service.attach(t.id, 'c2', out.emit);
        return shellPid(service, t.id, out, `par${i}`);
      }),
    );
    expect(execSockets()).toBe(6);
    await Promise.all(opened.map((t) => service.close(t.id)));
    await waitUntil(async () => (await Promise.all(pids.map((p) => isAlive(p)))).every((alive) => !alive), 'every shell to end');
    await waitUntil(() => execSockets() === 0, 'the exec sockets to be released');
  });

  it('a foreground program: kwok gives the shell no controlling tty, so Ctrl-C does not reach it; the session still closes, and the shell ends once the program does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-fg-'));
    const stop = join(dir, 'stop');
    await waitUntil(() => execSockets() === 0, 'no socket before counting');
    const t = await service.create({ cols: 80, rows: 24, pod: target() }, 'c1');
    const out = new Output((n) => service.ack(t.id, n));
    service.attach(t.id, 'c1', out.emit);
    const pid = await shellPid(service, t.id, out, 'fg');
    service.input(t.id, `while [ ! -e ${stop} ]; do sleep 0.2; done; echo loop-ended\r`);
    await waitUntil(async () => (await listProcesses()).some((p) => p.ppid === pid && p.name === 'sleep'), 'the loop to run in the foreground');
    await service.close(t.id);
    // The session is over on the host side: the terminal is gone, its socket released.
    expect(service.list()).toEqual([]);
    await waitUntil(() => execSockets() === 0, 'the exec socket to be released');
    // kwok: the interrupt found no foreground process group (the shell runs without a controlling tty), so the loop
    // and its shell are still there (a real kubelet's runtime makes the pty the controlling tty: SIGINT ends it).
    expect(await isAlive(pid)).toBe(true);
    writeFileSync(stop, '');
    // The queued `exit` is read once the loop ends: nothing is left behind.
    await waitUntil(async () => !(await isAlive(pid)), 'the shell to end after its program');
  });
});
