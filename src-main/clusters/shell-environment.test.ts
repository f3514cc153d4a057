import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShellEnvironment, parseEnvOutput } from './shell-environment';

function fakeShell(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipe-shell-'));
  const file = join(dir, 'fake-login-shell');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ShellEnvironment', () => {
  it('reads the login shell environment between markers, ignoring rc-file noise', async () => {
    // Like a zsh with a noisy .zshrc that adds Homebrew and a cloud profile to the environment.
    const shell = fakeShell('echo "Welcome! {not json}"\nexport PATH="/opt/homebrew/bin:$PATH" AWS_PROFILE=dev\neval "$2"\necho "bye"');
    const env = new ShellEnvironment({ env: { SHELL: shell, PATH: '/usr/bin:/bin', HOME: '/home/x' }, timeoutMs: 10_000 });
    const got = await env.get();
    expect(got.AWS_PROFILE).toBe('dev');
    expect(env.isReady).toBe(true);
    const exec = env.execEnvironment();
    expect(exec.path?.split(':')[0]).toBe('/opt/homebrew/bin');
    expect(exec.extra.AWS_PROFILE).toBe('dev');
    expect(exec.extra.HOME).toBeUndefined();
    expect(env.variable('AWS_PROFILE')).toBe('dev');
    expect(env.variable('HOME')).toBe('/home/x');
    env.dispose();
  });

  it('falls back to the app environment on timeout and kills the shell it started', async () => {
    // A shell that never answers: without the timeout this test would hang until vitest's own limit fails it.
    const dir = mkdtempSync(join(tmpdir(), 'pipe-hang-'));
    const shell = fakeShell(`echo $$ > ${join(dir, 'pid')}\nexec sleep 600`);
    const env = new ShellEnvironment({ env: { SHELL: shell, PATH: '/usr/bin' }, timeoutMs: 300 });
    const got = await env.get();
    expect(got.PATH).toBe('/usr/bin');
    expect(env.isReady).toBe(true);
    expect(env.execEnvironment().path).toBe('/usr/bin');
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    for (let i = 0; isAlive(pid); i++) {
      if (i > 500) throw new Error(`the login shell ${pid} is still running`);
      await new Promise((r) => setTimeout(r, 10));
    }
    env.dispose();
  });

  it('reads once and caches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-count-'));
    const shell = fakeShell(`echo x >> ${join(dir, 'count')}\neval "$2"`);
    const env = new ShellEnvironment({ env: { SHELL: shell, PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });
    await Promise.all([env.get(), env.get()]);
    await env.get();
    expect(readFileSync(join(dir, 'count'), 'utf8').trim().split('\n')).toHaveLength(1);
    env.dispose();
  });

  it('uses the app environment when there is no SHELL (e.g. Windows)', async () => {
    const env = new ShellEnvironment({ env: { PATH: 'C:\\bin' }, platform: 'win32' });
    expect((await env.get()).PATH).toBe('C:\\bin');
  });

  it('reads the environment without running the app binary as Node (ELECTRON_RUN_AS_NODE stays off; Electron fuses)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-noderun-'));
    // Records what the login shell was asked to run and whether ELECTRON_RUN_AS_NODE reached it.
    const shell = fakeShell(
      `printf '%s' "$2" > ${join(dir, 'command')}\nprintf '%s' "\${ELECTRON_RUN_AS_NODE-unset}" > ${join(dir, 'flag')}\n` +
        `export MULTI="line one\nSECOND=not a variable"\neval "$2"`,
    );
    const env = new ShellEnvironment({ env: { SHELL: shell, PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });
    const got = await env.get();
    expect(readFileSync(join(dir, 'flag'), 'utf8')).toBe('unset');
    expect(readFileSync(join(dir, 'command'), 'utf8')).not.toContain(process.execPath);
    expect(got.MULTI).toBe('line one\nSECOND=not a variable');
    expect(got.SECOND).toBeUndefined();
    env.dispose();
  });

  it('parses env -0 output and plain env output (continuation lines belong to the previous value)', () => {
    expect(parseEnvOutput('A=1\0B=x=y\0C=multi\nline\0')).toEqual({ A: '1', B: 'x=y', C: 'multi\nline' });
    expect(parseEnvOutput('A=1\nB=two\n  lines\nPATH=/bin\n')).toEqual({ A: '1', B: 'two\n  lines', PATH: '/bin' });
    expect(parseEnvOutput('')).toEqual({});
  });
});
