// The smoke test the release workflow runs in each packaged app, run here in browser mode: one JSON verdict, exit 0.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness';

describe('pipe-desktop smoke-test (browser mode)', () => {
  it('starts the host, loads the renderer, round-trips the contract, finds the CSP enforced and no Node in the page', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pipe-desktop.mjs'), 'smoke-test'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
    const lines = r.stdout.trim().split('\n');
    expect(lines.length, r.stderr).toBe(1);
    expect(JSON.parse(lines[0]!)).toEqual({ ok: true, mode: 'browser', failures: [] });
    expect(r.status).toBe(0);
  }, 120_000);
});
