// Editor figures, lint part: lint time for a 1,000-line Pipeline per keystroke-sized change (p50/p95, with
// `yaml` parsing alone as the anchor), the whole test corpus per second, schema load time.
// Run directly: `npx tsx bench/editor-bench.ts`; `benchEditor()` returns the figures for bench/run.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { lintText } from '../src-shared/tekton/index';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const CORPUS = join(ROOT, 'src-shared', 'tekton', 'corpus');
const SCHEMA = join(ROOT, 'src-shared', 'tekton', 'schema', 'tekton.schema.json');

/** A realistic Pipeline of about 1,000 lines: 40 tasks with params, runAfter, results, when and steps. */
export function pipeline1000(): string {
  const lines = [
    'apiVersion: tekton.dev/v1',
    'kind: Pipeline',
    'metadata:',
    '  name: big',
    '  annotations:',
    '    pipe.linecorp.com/event: |',
    '      push:',
    "        branches: [main, 'releases/**']",
    'spec:',
    '  params:',
    '    - name: revision',
    '    - name: image',
    '      default: registry.example.com/app',
    '  workspaces:',
    '    - name: source',
    '  tasks:',
  ];
  for (let i = 0; i < 40; i++) {
    lines.push(
      `    - name: task-${i}`,
      ...(i > 0 ? [`      runAfter: [task-${i - 1}]`] : []),
      '      params:',
      '        - name: revision',
      '          value: $(params.revision)',
      ...(i > 0 ? ['        - name: previous', `          value: $(tasks.task-${i - 1}.results.digest)`] : []),
      '      when:',
      '        - input: $(params.image)',
      '          operator: notin',
      '          values: [""]',
      '      workspaces:',
      '        - name: source',
      '          workspace: source',
      '      taskSpec:',
      '        params:',
      '          - name: revision',
      '          - name: previous',
      '            default: none',
      '        results:',
      '          - name: digest',
      '        steps:',
      `          - name: step-${i}`,
      '            image: alpine:3.20',
      '            script: |',
      `              echo "building $(params.revision) after $(params.previous)"`,
      '              echo -n sha256:abc > $(results.digest.path)',
    );
  }
  return `${lines.join('\n')}\n`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Lints after each of `n` one-character edits at deterministic positions; returns sorted times (ms). */
function keystrokes(text: string, n: number, fn: (t: string) => unknown): number[] {
  const times: number[] = [];
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const at = text.indexOf('\n', seed % text.length);
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const t0 = performance.now();
    fn(edited);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? corpusFiles(p) : f.endsWith('.yaml') ? [p] : [];
  });
}

/** The figures. */
export async function benchEditor(): Promise<Record<string, number>> {
  const schemaText = readFileSync(SCHEMA, 'utf8');
  const s0 = performance.now();
  JSON.parse(schemaText);
  const schemaParseMs = performance.now() - s0;

  const text = pipeline1000();
  const c0 = performance.now();
  lintText(text);
  const coldMs = performance.now() - c0;
  for (let i = 0; i < 20; i++) lintText(text);
  const lint = keystrokes(text, 300, (t) => lintText(t));
  const noSchema = keystrokes(text, 300, (t) => lintText(t, { schema: false }));
  const anchor = keystrokes(text, 300, (t) => parseAllDocuments(t));

  const files = corpusFiles(CORPUS).map((f) => readFileSync(f, 'utf8'));
  const bytes = files.reduce((n, f) => n + f.length, 0);
  for (const f of files) lintText(f);
  const k0 = performance.now();
  const rounds = 3;
  for (let r = 0; r < rounds; r++) for (const f of files) lintText(f);
  const corpusMs = (performance.now() - k0) / rounds;

  return {
    'pipeline lines': text.split('\n').length - 1,
    'lint per keystroke p50 (ms)': round(percentile(lint, 50)),
    'lint per keystroke p95 (ms)': round(percentile(lint, 95)),
    'lint without schema p95 (ms)': round(percentile(noSchema, 95)),
    'anchor: yaml parse only p50 (ms)': round(percentile(anchor, 50)),
    'anchor: yaml parse only p95 (ms)': round(percentile(anchor, 95)),
    'first lint, cold (ms)': round(coldMs),
    'corpus files': files.length,
    'corpus KB': Math.round(bytes / 1024),
    'corpus files per second': Math.round(files.length / (corpusMs / 1000)),
    'corpus MB per second': round(bytes / 1024 / 1024 / (corpusMs / 1000)),
    'schema JSON KB': Math.round(schemaText.length / 1024),
    'schema load (JSON.parse) (ms)': round(schemaParseMs),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [k, v] of Object.entries(await benchEditor())) console.log(`${k.padEnd(36)} ${v}`);
}
