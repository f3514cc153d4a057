import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunningSandboxFile } from './find-sandbox';

const bases: string[] = [];
afterEach(() => {
  for (const b of bases.splice(0)) rmSync(b, { recursive: true, force: true });
});

function sandboxDir(base: string, name: string, info: unknown, ageS: number, mode = 0o700): string {
  const dir = join(base, `pipe-sandbox-${name}`);
  mkdirSync(dir);
  chmodSync(dir, mode);
  const file = join(dir, 'sandbox.json');
  writeFileSync(file, typeof info === 'string' ? info : JSON.stringify(info));
  const t = Date.now() / 1000 - ageS;
  utimesSync(file, t, t);
  return file;
}

describe('findRunningSandboxFile', () => {
  it('picks the newest sandbox of this user that runs pipe-events; skips others, broken and writable-by-others ones', () => {
    const base = mkdtempSync(join(tmpdir(), 'p-find-'));
    bases.push(base);
    const old = sandboxDir(base, 'old', { pipeEvents: {} }, 300);
    sandboxDir(base, 'nope', { dir: 'x' }, 10);
    sandboxDir(base, 'broken', '{', 5);
    sandboxDir(base, 'planted', { pipeEvents: {} }, 1, 0o777);
    expect(findRunningSandboxFile([base])).toBe(old);
    const fresh = sandboxDir(base, 'fresh', { pipeEvents: {} }, 60);
    expect(findRunningSandboxFile([base])).toBe(fresh);
    expect(findRunningSandboxFile([join(base, 'missing')])).toBeUndefined();
  });
});
