// The credential socket and the real helper script: tokens for the right key only; hostile input closes or errors.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE, startCredentialSocket, type CredentialSocket } from './credential-socket-server';

const run = promisify(execFile);
const helper = resolve('scripts/pipe-credential-helper.mjs');
let dir: string;
let socket: CredentialSocket | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipe-cred-'));
});
afterEach(async () => {
  await socket?.dispose();
  socket = undefined;
  await rm(dir, { recursive: true, force: true });
});

function exchange(path: string, payload: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(path);
    let data = '';
    s.on('connect', () => s.write(payload));
    s.on('data', (c) => (data += c.toString()));
    s.on('error', () => resolve(data));
    s.on('close', () => resolve(data));
  });
}

describe('credential socket', () => {
  it('serves the token to the helper as an ExecCredential; the folder and socket are user-only', async () => {
    const runDir = join(dir, 'run');
    socket = await startCredentialSocket(runDir, async (profile) => ({
      token: `token-for-${profile}`,
      expiresAt: Date.UTC(2030, 0, 1),
    }));
    expect((await stat(runDir)).mode & 0o777).toBe(0o700);
    expect((await stat(socket.socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(runDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    const { stdout } = await run(process.execPath, [
      helper,
      '--run-dir',
      runDir,
      '--profile',
      'pipe-sandbox',
    ]);
    expect(JSON.parse(stdout)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'token-for-pipe-sandbox', expirationTimestamp: '2030-01-01T00:00:00Z' },
    });
    expect(socket.served).toBe(1);
  });

  it('refuses a wrong key, bad JSON and oversized requests without serving a token or crashing', async () => {
    socket = await startCredentialSocket(join(dir, 'run'), async () => ({
      token: 'secret-token',
      expiresAt: 0,
    }));
    const key = (await readFile(join(dir, 'run', KEY_FILE), 'utf8')).trim();
    expect(
      JSON.parse(
        await exchange(socket.socketPath, JSON.stringify({ key: 'ab'.repeat(32), profile: 'p' }) + '\n'),
      ),
    ).toMatchObject({ error: 'unauthorized' });
    expect(
      JSON.parse(await exchange(socket.socketPath, JSON.stringify({ key: 'short', profile: 'p' }) + '\n')),
    ).toMatchObject({ error: 'unauthorized' });
    expect(JSON.parse(await exchange(socket.socketPath, '{not json\n'))).toMatchObject({
      error: 'bad-request',
    });
    expect(JSON.parse(await exchange(socket.socketPath, JSON.stringify({ key }) + '\n'))).toMatchObject({
      error: 'bad-request',
    });
    expect(await exchange(socket.socketPath, Buffer.alloc(10_000, 0x61))).toBe('');
    for (let i = 0; i < 50; i++) {
      const junk = Buffer.from(
        Array.from({ length: 1 + ((i * 37) % 300) }, (_, j) => (i * 31 + j * 7) % 256),
      );
      const answer = await exchange(socket.socketPath, Buffer.concat([junk, Buffer.from('\n')]));
      expect(answer.includes('secret-token')).toBe(false);
    }
    expect(socket.served).toBe(0);
    expect(
      JSON.parse(await exchange(socket.socketPath, JSON.stringify({ key, profile: 'p' }) + '\n')),
    ).toEqual({ token: 'secret-token', expiresAt: 0 });
  });

  it('passes the app-side failure on as the helper\u2019s error, and the helper says when the app is not running', async () => {
    const runDir = join(dir, 'run');
    socket = await startCredentialSocket(runDir, async () => {
      throw new Error('Your PIPE session ended. Sign in again.');
    });
    const failed = (await run(process.execPath, [helper, '--run-dir', runDir, '--profile', 'p']).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Sign in again');
    await socket.dispose();
    socket = undefined;
    const gone = (await run(process.execPath, [helper, '--run-dir', runDir, '--profile', 'p']).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('PIPE Desktop is not running');
    const bad = (await run(process.execPath, [helper, '--run-dir']).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(bad.stderr).toContain('pipe-credential-helper:');
  });
});
