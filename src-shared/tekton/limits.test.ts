import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from './index';

const codes = (text: string) => lintText(text).map((d) => d.code);

describe('bounded on hostile input', { timeout: 120_000 }, () => {
  it('stops a YAML bomb (alias expansion) with a diagnostic at the alias', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: bomb\nspec:\n  x:\n${levels.map((l) => `    ${l}`).join('\n')}\n`;
    const ds = lintText(text);
    expect(ds.map((d) => d.code)).toContain('yaml-alias-limit');
    const d = ds.find((x) => x.code === 'yaml-alias-limit')!;
    expect(text.slice(d.offset, d.endOffset)).toMatch(/^\*[a-i]$/);
  });

  it('reports binary garbage instead of parsing it', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(codes(bytes)).toEqual(['not-yaml']);
  });

  it('checks only the first 200 of 500 documents and says so once', () => {
    const doc = 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    - image: alpine\n';
    const text = Array(500).fill(doc).join('---\n');
    const ds = lintText(text);
    expect(ds.map((d) => d.code)).toEqual(['too-many-documents']);
    // Document 201 starts at its `---` marker, line 200 × 8.
    expect(ds[0]!.line).toBe(200 * 8);
  });

  it('limits deep nesting (flow and block)', () => {
    expect(codes(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toEqual(['yaml-depth-limit']);
    const block = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' v\n';
    expect(codes(block)).toEqual(['yaml-depth-limit']);
    const steep = Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    // yaml reports this one itself (resource exhaustion) before the view is built.
    expect(lintText(steep).map((d) => d.code)).toEqual(expect.arrayContaining([expect.stringMatching(/^yaml-(depth-limit|syntax)$/)]));
    expect(codes(`a: [${'['.repeat(100)}x${']'.repeat(100)}]`)).toEqual(['yaml-depth-limit']);
  });

  it('refuses a 5 MB file with a message and no parse', () => {
    let text = '';
    const chunk = 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    - image: alpine\n---\n';
    while (text.length < 5 * 1024 * 1024) text += chunk;
    const ds = lintText(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'file-too-large', line: 1, column: 1 });
    expect(ds[0]!.message).toContain('split it');
  });

  it('accepts custom limits', () => {
    const doc = 'a: 1\n';
    expect(codes([doc, doc, doc].join('---\n'))).toEqual([]);
    expect(lintText([doc, doc, doc].join('---\n'), { limits: { maxDocuments: 2 } }).map((d) => d.code)).toEqual(['too-many-documents']);
  });

  it('never throws on random text', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'apiVersion: tekton.dev/v1\nkind: Pipeline\n- [ ] { } & * ! | > \' " $( ) tasks runAfter name: \t#\n';
    for (let i = 0; i < 300; i++) {
      const len = Math.floor(rand() * 400);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(() => lintText(s)).not.toThrow();
    }
  });

  it('never fails internally on mutated real files (lines dropped, cut, indented, duplicated)', { timeout: 120_000 }, () => {
    const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.yaml') ? [join(d, f)] : []));
    let seed = 1;
    const pick = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % Math.max(1, n));
    for (const file of walk(join(import.meta.dirname, 'corpus'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let k = 0; k < 1; k++) {
        const l = [...lines];
        const i = pick(l.length);
        const op = pick(4);
        if (op === 0) l.splice(i, 1);
        else if (op === 1) l[i] = l[i]!.slice(0, pick(l[i]!.length + 1));
        else if (op === 2) l[i] = `  ${l[i]}`;
        else l.splice(i, 0, l[pick(l.length)]!);
        const codes = lintText(l.join('\n')).map((d) => d.code);
        expect(codes, file).not.toContain('linter-internal-error');
      }
    }
  });

  it('reports YAML syntax errors with positions', () => {
    const ds = lintText('apiVersion: tekton.dev/v1\nkind: Task\nspec: [a, b\n');
    expect(ds[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' });
    expect(ds[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys linearly', () => {
    const ds = lintText('apiVersion: tekton.dev/v1\nkind: Task\nkind: Task\n');
    expect(ds.map((d) => [d.code, d.line])).toContainEqual(['yaml-duplicate-key', 3]);
  });
});
