import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { RpcError } from '../../src-shared/contract/errors';
import { isAlive, listProcesses, terminalProcesses } from './process-tree';
import type { TerminalService } from './terminal-service';
import { Output, testTerminalService } from './testing';
import { waitUntil } from '../../src-node/testing/wait-until';

const services: TerminalService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function setup(over: Parameters<typeof testTerminalService>[0] = {}) {
  const t = testTerminalService(over);
  services.push(t.service);
  return t;
}

const pidOf = async (service: TerminalService, id: string): Promise<number> => {
  const out = new Output();
  const stop = service.attach(id, 'c-probe', out.emit);
  service.input(id, 'echo "pid=$$"\r');
  await waitUntil(() => /pid=(\d+)/.test(out.text), 'the shell pid');
  stop();
  return Number(/pid=(\d+)/.exec(out.text)![1]);
};

describe('TerminalService: local shells', () => {
  it('runs the shell in a pty in the home folder; input is bytes for the pty', async () => {
    const { service, root } = setup();
    const info = await service.create({ cols: 80, rows: 24 }, 'c1');
    expect(info).toMatchObject({ kind: 'local', program: '/bin/sh', cwd: root, title: 'sh' });
    const out = new Output((n) => service.ack(info.id, n));
    service.attach(info.id, 'c1', out.emit);
    // The host never builds a command: what the renderer sends is what the shell reads.
    service.input(info.id, 'echo "x-$((6*7))"; pwd; echo $TERM\r');
    await waitUntil(() => out.text.includes('x-42') && out.text.includes('xterm-256color'), 'the echo');
    expect(out.text).toContain(root);
  });

  it('resize changes what programs see', async () => {
    const { service } = setup();
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    const out = new Output();
    service.attach(id, 'c1', out.emit);
    service.resize(id, 123, 45);
    service.input(id, 'stty size\r');
    await waitUntil(() => out.text.includes('45 123'), 'the new size');
  });

  it('starts in the requested folder, and in home when it is not a folder', async () => {
    const { service, root } = setup();
    expect((await service.create({ cols: 80, rows: 24, cwd: '/tmp' }, 'c1')).cwd).toBe('/tmp');
    expect((await service.create({ cols: 80, rows: 24, cwd: '/does/not/exist' }, 'c1')).cwd).toBe(root);
    expect((await service.create({ cols: 80, rows: 24, cwd: 'relative' }, 'c1')).cwd).toBe(root);
  });

  it('reports the exit code and keeps the ended terminal until it is closed', async () => {
    const { service } = setup();
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    const out = new Output();
    service.attach(id, 'c1', out.emit);
    service.input(id, 'exit 7\r');
    await waitUntil(() => out.exit !== undefined, 'the exit');
    expect(out.exit).toMatchObject({ code: 7 });
    expect(service.list().find((t) => t.id === id)?.exit).toEqual({ code: 7 });
    expect(await service.busy(id)).toEqual([]);
    await service.close(id);
    expect(service.list()).toEqual([]);
    await service.close(id);
  });

  it('rename changes the title; unknown ids are a typed not-found', async () => {
    const { service } = setup();
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    expect(service.rename(id, 'build').title).toBe('build');
    expect(() => service.input('t-doesnotexist', 'x')).toThrow(RpcError);
    expect(() => service.ack('t-doesnotexist', 1)).toThrow(/closed/);
  });
});

describe('TerminalService: flow control', () => {
  it('pauses the pty while output is not acknowledged, and finishes once it is', async () => {
    const high = 20_000;
    const { service } = setup({ flow: { high, low: 2_000, ackBatch: 1_000 } });
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    let acking = false;
    const backlog: number[] = [];
    const out = new Output((n) => (acking ? service.ack(id, n) : backlog.push(n)));
    service.attach(id, 'c1', out.emit);
    service.input(id, 'yes | head -n 300000; echo "done-$((1+1))"\r');
    await waitUntil(() => service.session(id)!.pendingChars > high, 'the high watermark');
    // Give the producer every chance to run on; a paused pty delivers at most what was already read.
    for (let i = 0; i < 5; i++) await service.busy(id);
    expect(out.chars).toBeLessThan(high + 3 * 65_536);
    expect(out.text).not.toContain('done-2');
    acking = true;
    service.ack(id, backlog.reduce((a, b) => a + b, 0));
    await waitUntil(() => out.text.includes('done-2'), 'the end of the output', 60_000);
    expect(out.chars).toBeGreaterThan(600_000);
  });
});

describe('TerminalService: cluster binding', () => {
  it('writes a 0600 per-terminal kubeconfig, points KUBECONFIG at it, and removes it on close', async () => {
    const { service, kubeconfigDir } = setup();
    const info = await service.create({ cols: 80, rows: 24, binding: { context: 'runtime', namespace: 'team-a' } }, 'c1');
    expect(info.title).toBe('runtime/team-a');
    const out = new Output();
    service.attach(info.id, 'c1', out.emit);
    service.input(info.id, 'echo "K$((0+1))=$KUBECONFIG"; cat "$KUBECONFIG"\r');
    await waitUntil(() => out.text.includes('namespace: team-a'), 'the kubeconfig');
    const path = /K1=(\S+)/.exec(out.text)![1]!;
    expect(path.startsWith(kubeconfigDir)).toBe(true);
    const { statSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(kubeconfigDir).mode & 0o777).toBe(0o700);
    await service.close(info.id);
    expect(existsSync(path)).toBe(false);
  });

  it('a context that cannot be rendered fails with its typed error and leaves no file', async () => {
    const { service, kubeconfigDir } = setup({
      renderer: {
        render: () => {
          throw new RpcError('not-found', 'No kubeconfig defines the context "gone".');
        },
      },
    });
    await expect(service.create({ cols: 80, rows: 24, binding: { context: 'gone' } }, 'c1')).rejects.toMatchObject({ code: 'not-found' });
    const { readdirSync } = await import('node:fs');
    expect(existsSync(kubeconfigDir) ? readdirSync(kubeconfigDir) : []).toEqual([]);
    expect(service.list()).toEqual([]);
  });
});

describe('TerminalService: bad input', () => {
  it('a configured shell that does not exist is a typed error; a broken $SHELL falls back with a notice', async () => {
    const missing = setup({ configuredShell: () => '/no/such/shell' });
    await expect(missing.service.create({ cols: 80, rows: 24 }, 'c1')).rejects.toMatchObject({ code: 'invalid-config', message: expect.stringContaining('/no/such/shell') });
    const relative = setup({ configuredShell: () => 'zsh' });
    await expect(relative.service.create({ cols: 80, rows: 24 }, 'c1')).rejects.toMatchObject({ code: 'invalid-config' });

    const env = { HOME: '/tmp', PATH: process.env.PATH ?? '', SHELL: '/no/such/shell' };
    const fallback = setup({ env, loginEnv: { get: async () => env } });
    const info = await fallback.service.create({ cols: 80, rows: 24 }, 'c1');
    expect(['/bin/bash', '/bin/sh']).toContain(info.program);
    const out = new Output();
    fallback.service.attach(info.id, 'c1', out.emit);
    await waitUntil(() => out.text.includes('cannot be run'), 'the notice');
  });

  it('a 1 MB paste arrives whole', async () => {
    const { service } = setup();
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    const out = new Output((n) => service.ack(id, n));
    service.attach(id, 'c1', out.emit);
    service.input(id, "stty -echo; wc -c | sed 's/^ */count=/'\r");
    await waitUntil(() => service.busy(id).then((p) => p.includes('wc')), 'wc to start');
    const line = 'x'.repeat(99) + '\n';
    const chunk = line.repeat(2_621); // 262,100 characters, under the per-call cap
    for (let i = 0; i < 4; i++) service.input(id, chunk);
    service.input(id, '\x04');
    await waitUntil(() => /count=\d+/.test(out.text), 'the count', 60_000);
    expect(Number(/count=(\d+)/.exec(out.text)![1])).toBe(4 * chunk.length);
  });

  it('closing kills what ignores SIGHUP, and leaves no process of the terminal behind', async () => {
    const { service } = setup();
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    const shellPid = await pidOf(service, id);
    service.input(id, `sh -c 'trap "" HUP; while :; do sleep 1; done' & nohup sleep 1001 >/dev/null 2>&1 &\r`);
    service.input(id, `sh -c 'trap "" HUP TERM; exec sleep 1002'\r`);
    await waitUntil(async () => terminalProcesses(await listProcesses(), shellPid).filter((p) => p.name === 'sleep').length >= 3, 'the children');
    const before = terminalProcesses(await listProcesses(), shellPid);
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(await service.busy(id)).toContain('sleep');
    await service.close(id);
    const alive = [];
    for (const p of [...before.map((b) => b.pid), shellPid]) if (await isAlive(p)) alive.push(p);
    expect(alive).toEqual([]);
    expect(terminalProcesses(await listProcesses(), shellPid)).toEqual([]);
  });

  it('a detached terminal is kept for the reconnect window, replays on re-attach, then is cleaned up', async () => {
    const { service } = setup({ reconnectWindowMs: 400 });
    const { id } = await service.create({ cols: 80, rows: 24 }, 'c1');
    const first = new Output((n) => service.ack(id, n));
    const detach = service.attach(id, 'c1', first.emit);
    service.input(id, 'echo "before-$((2*3))"; yes | head -n 2000000 >/dev/null; echo "after-$((2*4))"\r');
    await waitUntil(() => first.text.includes('before-6'), 'output before the disconnect');
    detach();
    const shellPid = await pidOf(service, id);
    // A new page (another connection) re-attaches within the window: what was missed is replayed.
    const second = new Output((n) => service.ack(id, n));
    service.attach(id, 'c2', second.emit);
    await waitUntil(() => second.text.includes('after-8'), 'the replay and the rest');
    expect(second.text).toContain('before-6');
    service.input(id, 'sleep 1000\r');
    await waitUntil(() => service.busy(id).then((p) => p.includes('sleep')), 'a running program');
    // Nobody re-attaches: the terminal and its processes go away after the window.
    const stop = service.attach(id, 'c3', new Output().emit);
    stop();
    await waitUntil(() => service.list().length === 0, 'the cleanup');
    await waitUntil(async () => !(await isAlive(shellPid)) && terminalProcesses(await listProcesses(), shellPid).length === 0, 'no processes left');
  });

  it('caps terminals per connection', async () => {
    const { service } = setup({ maxPerConnection: 2 });
    await service.create({ cols: 80, rows: 24 }, 'c1');
    await service.create({ cols: 80, rows: 24 }, 'c1');
    await expect(service.create({ cols: 80, rows: 24 }, 'c1')).rejects.toMatchObject({ code: 'conflict' });
    await expect(service.create({ cols: 80, rows: 24 }, 'c2')).resolves.toMatchObject({ kind: 'local' });
  });

  it('dispose ends every terminal and removes every kubeconfig', async () => {
    const { service, kubeconfigDir } = setup();
    const a = await service.create({ cols: 80, rows: 24, binding: { context: 'x' } }, 'c1');
    const pid = await pidOf(service, a.id);
    await service.dispose();
    services.splice(services.indexOf(service), 1);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(kubeconfigDir)).toEqual([]);
    expect(await isAlive(pid)).toBe(false);
    await expect(service.create({ cols: 80, rows: 24 }, 'c1')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
