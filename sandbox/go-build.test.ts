// runCommand's cancel: a real `go build` of a tiny module, held in a -toolexec wrapper, is aborted; its whole process
// group (go, the wrapper, the wrapper's sleep) must be gone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandCancelledError, goEnv, runCommand } from './go-build.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Pids of processes in group `pgid` that are still running (zombies count as gone). */
function liveInGroup(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(name));
  }
  return out;
}

describe('runCommand with a signal', () => {
  it('an abort kills the go build and every process it started', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipe-go-cancel-'));
    await writeFile(join(dir, 'go.mod'), 'module tiny\n\ngo 1.25\n');
    await writeFile(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    const mark = join(dir, 'toolexec.pid');
    const wrapper = join(dir, 'hold.sh');
    // Go runs every compiler/linker call through this wrapper; it records itself and holds the build.
    await writeFile(wrapper, `#!/bin/sh\necho "$$" >> "${mark}"\nsleep 300\nexec "$@"\n`);
    await chmod(wrapper, 0o755);

    const abort = new AbortController();
    const build = runCommand('go', ['build', '-toolexec', wrapper, '-o', join(dir, 'tiny'), '.'], {
      cwd: dir,
      env: { ...goEnv(), GOCACHE: join(dir, 'gocache'), GOFLAGS: '' },
      signal: abort.signal,
    });
    build.catch(() => undefined);
    await vi.waitFor(() => expect(existsSync(mark) && readFileSync(mark, 'utf8').trim()).toBeTruthy(), { timeout: 60_000, interval: 50 });
    const wrapperPid = Number(readFileSync(mark, 'utf8').trim().split('\n')[0]);
    const stat = readFileSync(`/proc/${wrapperPid}/stat`, 'utf8');
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    // go itself, the wrapper and its sleep share the build's own group (not the test runner's).
    expect(pgid).not.toBe(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[2]));
    expect(liveInGroup(pgid).length).toBeGreaterThanOrEqual(3);

    abort.abort();
    await expect(build).rejects.toBeInstanceOf(CommandCancelledError);
    await vi.waitFor(() => expect(liveInGroup(pgid)).toEqual([]), { timeout: 20_000, interval: 50 });
    expect(existsSync(join(dir, 'tiny'))).toBe(false);
  });

  it('an already aborted signal runs nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(runCommand('go', ['version'], { signal: abort.signal })).rejects.toBeInstanceOf(CommandCancelledError);
  });
});
