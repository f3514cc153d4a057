// Runs the real `pipe-desktop lint` process (scripts/pipe-desktop.mjs → scripts/lint-pipelines.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, 'pipe-desktop.mjs');
let dir = '';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: hello
spec:
  steps:
    - image: alpine
      script: echo hello
`;

const BAD = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: bad
spec:
  tasks:
    - name: build
      runAfter: [tset]
      taskRef: {name: build}
    - name: test
      taskRef: {name: test}
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: t
spec:
  steps:
    - image: alpine
      scirpt: echo
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipe-lint-'));
  mkdirSync(join(dir, 'repo', '.pipe'), { recursive: true });
  mkdirSync(join(dir, 'repo', 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'repo', '.pipe', 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'repo', '.pipe', 'bad.yml'), BAD);
  writeFileSync(join(dir, 'repo', '.pipe', 'notes.txt'), 'not yaml: [');
  writeFileSync(join(dir, 'repo', 'node_modules', 'skip.yaml'), BAD);
  writeFileSync(join(dir, 'good.yaml'), GOOD);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each case starts real processes (tsx compiles the linter): generous timeouts for a loaded CI machine.
describe('pipe-desktop lint', { timeout: 120_000 }, () => {
  it('exits 0 and prints nothing on stdout for a clean file', () => {
    const r = run(['good.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('1 file checked: 0 errors');
  });

  it('walks folders (hidden .pipe included, node_modules skipped) and prints compiler-style lines', () => {
    const r = run(['repo']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'repo/.pipe/bad.yml:4:9: warning: this Pipeline is in .pipe/ but has no `pipe.linecorp.com/event` annotation, so no GitHub event runs it; add one, e.g. `pipe.linecorp.com/event: push` [event-annotation-missing]',
      'repo/.pipe/bad.yml:8:18: error: task `build` runs after `tset`, which is not a task of this Pipeline — did you mean `test`? [pipeline-task-unknown-dependency]',
      expect.stringMatching(/^repo\/\.pipe\/bad\.yml:20:7: error: unknown field `scirpt` in `spec\.steps\[0\]` — did you mean `script`\?.* \[schema-unknown-field\]$/),
    ]);
  });

  it('prints exactly one JSON object with the documented shape', () => {
    const r = run(['--format', 'json', 'good.yaml', 'repo/.pipe/bad.yml']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { files: { path: string; diagnostics: Record<string, unknown>[] }[] };
    expect(json.files.map((f) => f.path)).toEqual(['good.yaml', 'repo/.pipe/bad.yml']);
    expect(json.files[0]!.diagnostics).toEqual([]);
    expect(json.files[1]!.diagnostics.map((d) => d.code)).toEqual(['event-annotation-missing', 'pipeline-task-unknown-dependency', 'schema-unknown-field']);
    expect(json.files[1]!.diagnostics[1]).toEqual({
      severity: 'error',
      code: 'pipeline-task-unknown-dependency',
      message: 'task `build` runs after `tset`, which is not a task of this Pipeline — did you mean `test`?',
      line: 8,
      column: 18,
      endLine: 8,
      endColumn: 22,
    });
    expect(r.stderr).toBe('');
  });

  it('exits 2 on usage and I/O problems', () => {
    expect(run([]).code).toBe(2);
    expect(run(['--format', 'xml', 'good.yaml']).code).toBe(2);
    expect(run(['--bogus', 'good.yaml']).code).toBe(2);
    const missing = run(['good.yaml', 'missing.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read missing.yaml: ENOENT');
  });

  it('prints help with exit 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pipe-desktop lint [--format text|json]');
  });
});
