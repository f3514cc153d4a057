import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiserver, makeTls, writeFakeKubeconfig, type FakeTls } from './testing/fake-apiserver';
import { KubeClient } from './kube-client';
import { openPodAttach, openPodExec, TTY_HANG_UP } from './pod-exec';
import { waitUntil } from '../testing/wait-until';

let tls: FakeTls;
let api: FakeApiserver;
let client: KubeClient;

beforeAll(async () => {
  tls = makeTls();
  api = new FakeApiserver(tls);
  await api.start();
  client = KubeClient.fromFile(writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'pipe-exec-')), api.url, tls.caFile));
});
afterAll(async () => {
  client.dispose();
  await api.stop();
});

/** The query of the latest upgrade, as repeated params. */
function lastQuery(): URLSearchParams {
  return new URL(api.upgrades.at(-1)!.url, 'https://x').searchParams;
}

describe('pod exec and attach over the WebSocket', () => {
  it('exec asks for the command with stdin; closing tells the tty shell to end, then ends stdin (v5 close frame), then closes normally', async () => {
    const exec = await openPodExec(client, { namespace: 'team-a', pod: 'p', container: 'c', command: ['sh', '-c', 'echo hi'], tty: true, size: { cols: 100, rows: 30 }, closeGraceMs: 50 });
    expect(exec.protocol).toBe('v5.channel.k8s.io');
    const seen = api.upgrades.at(-1)!;
    expect(new URL(seen.url, 'https://x').pathname).toBe('/api/v1/namespaces/team-a/pods/p/exec');
    const q = lastQuery();
    expect(q.getAll('command')).toEqual(['sh', '-c', 'echo hi']);
    expect([q.get('container'), q.get('stdin'), q.get('tty')]).toEqual(['c', 'true', 'true']);
    await waitUntil(() => seen.frames.length >= 1, 'the resize frame');
    expect(seen.frames[0]![0]).toBe(4);
    expect(JSON.parse(seen.frames[0]!.subarray(1).toString())).toEqual({ Width: 100, Height: 30 });
    await exec.close();
    await waitUntil(() => seen.frames.some((f) => f[0] === 255), 'the close-stdin frame');
    expect(seen.frames.find((f) => f[0] === 255)).toEqual(Buffer.from([255, 0]));
    // With a tty, the shell is told to end first: Ctrl-C, Ctrl-U, Ctrl-D, `exit` (closing stdin alone leaves the pty open).
    const hangUp = seen.frames.findIndex((f) => f.equals(Buffer.from([0, ...Buffer.from('\x03\x15\x04exit\r')])));
    expect(TTY_HANG_UP).toBe('\x03\x15\x04exit\r');
    expect(hangUp).toBeGreaterThan(0);
    expect(hangUp).toBeLessThan(seen.frames.findIndex((f) => f[0] === 255));
    let outcome: unknown;
    exec.onEnd((o) => (outcome = o));
    // The server did not end the session within the grace: the client closed it with a normal close.
    expect(outcome).toEqual({ code: null, message: 'The exec session ended.' });
  });

  it('exec without a tty: closing sends no keys, only the end of stdin', async () => {
    const exec = await openPodExec(client, { namespace: 'team-a', pod: 'p', command: ['cat'], tty: false, closeGraceMs: 20 });
    const seen = api.upgrades.at(-1)!;
    await exec.close();
    expect(seen.frames.filter((f) => f[0] === 0)).toEqual([]);
    expect(seen.frames).toContainEqual(Buffer.from([255, 0]));
  });

  it('attach names no command, asks for stdin only when told, and detaches on close without ending stdin', async () => {
    const attach = await openPodAttach(client, { namespace: 'team-a', pod: 'p', container: 'app', tty: false, stdin: false });
    const seen = api.upgrades.at(-1)!;
    expect(new URL(seen.url, 'https://x').pathname).toBe('/api/v1/namespaces/team-a/pods/p/attach');
    const q = lastQuery();
    expect(q.has('command')).toBe(false);
    expect([q.get('container'), q.get('stdin'), q.get('stdout'), q.get('stderr'), q.get('tty')]).toEqual(['app', 'false', 'true', 'true', 'false']);
    let ended = false;
    attach.onEnd(() => (ended = true));
    await attach.close();
    expect(ended).toBe(true);
    expect(seen.frames.filter((f) => f[0] === 255 || (f[0] === 0 && f.subarray(1).toString() === '\x04'))).toEqual([]);
  });
});
