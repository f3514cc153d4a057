// Editor UI figures: graph layout time for 100 tasks (beside reading the same pipeline from YAML as the anchor) and
// the gzip size of the editor's lazy chunks (a real Vite build of the renderer into a temp folder).
// Run directly: `npx tsx bench/editor-ui-bench.ts`; `benchEditorUi()` returns the figures for bench/run.ts.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { buildPipelineGraph } from '../src-shared/pipelines/pipeline-graph';
import { readPipelineFile } from '../src-shared/pipelines/pipeline-source';
import { layoutPipelineGraph } from '../src-renderer/src/ui/pipeline-graph/graph-layout';

const ROOT = resolve(import.meta.dirname, '..');

/** A 100-task pipeline: fan-out/fan-in lattice with result references, when guards and 5 finally tasks. */
export function hundredTaskPipeline(): string {
  const lines = ['apiVersion: tekton.dev/v1', 'kind: Pipeline', 'metadata:', '  name: big', 'spec:', '  tasks:'];
  for (let i = 0; i < 95; i++) {
    lines.push(`    - name: t${i}`, '      taskRef:', '        name: step');
    if (i > 0) lines.push(`      runAfter: [t${Math.floor((i - 1) / 3)}]`);
    if (i > 10 && i % 5 === 0) lines.push('      params:', '        - name: in', `          value: $(tasks.t${i - 10}.results.out)`);
    if (i % 7 === 0) lines.push('      when:', '        - input: $(params.x)', '          operator: in', '          values: [a]');
  }
  lines.push('  finally:');
  for (let i = 0; i < 5; i++) lines.push(`    - name: f${i}`, '      taskRef:', '        name: notify');
  return lines.join('\n') + '\n';
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(runs: number, fn: () => void): number[] {
  for (let i = 0; i < 3; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

interface ManifestChunk {
  readonly file: string;
  readonly imports?: readonly string[];
  readonly isEntry?: boolean;
  readonly css?: readonly string[];
}

async function chunkSizes(): Promise<Record<string, number>> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const outDir = mkdtempSync(join(tmpdir(), 'pipe-editor-bench-'));
  try {
    await build({
      root: join(ROOT, 'src-renderer'),
      base: './',
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, minify: true, manifest: true, chunkSizeWarningLimit: 1e6, rollupOptions: { input: { index: join(ROOT, 'src-renderer/index.html') } } },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const gz = (file: string): number => gzipSync(readFileSync(join(outDir, file))).length;
    // A chunk with its static imports, minus what `exclude` already loaded.
    const closure = (key: string, exclude: ReadonlySet<string>): Set<string> => {
      const seen = new Set<string>();
      const visit = (k: string): void => {
        const c = manifest[k];
        if (!c || seen.has(c.file) || exclude.has(c.file)) return;
        seen.add(c.file);
        for (const css of c.css ?? []) if (!exclude.has(css)) seen.add(css);
        for (const i of c.imports ?? []) visit(i);
      };
      visit(key);
      return seen;
    };
    const keyOf = (suffix: string): string => {
      const k = Object.keys(manifest).find((x) => x.endsWith(suffix));
      if (!k) throw new Error(`${suffix} is not in the build manifest`);
      return k;
    };
    const sum = (files: Iterable<string>): number => [...files].reduce((n, f) => n + gz(f), 0);
    const initial = closure(keyOf('index.html'), new Set());
    const view = closure(keyOf('features/editor/editor-view.tsx'), initial);
    const code = closure(keyOf('features/editor/code-editor.tsx'), new Set([...initial, ...view]));
    const workers = readdirSync(join(outDir, 'assets')).filter((f) => /^(editor|yaml|lint)\.worker-.*\.js$/.test(f)).map((f) => `assets/${f}`);
    const kb = (n: number): number => Math.round(n / 102.4) / 10;
    return {
      'initial bundle gzip (kB, anchor)': kb(sum(initial)),
      'editor view chunk gzip (kB: preview, graph, simulator)': kb(sum(view)),
      'code editor chunk gzip (kB: Monaco + monaco-yaml)': kb(sum(code)),
      'editor workers gzip (kB: editor, yaml, lint)': kb(sum(workers)),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The figures. */
export async function benchEditorUi(): Promise<Record<string, number>> {
  const text = hundredTaskPipeline();
  const pipeline = readPipelineFile(text).pipelines[0]!;
  const graph = buildPipelineGraph(pipeline);
  if (graph.nodes.length !== 100) throw new Error(`expected 100 tasks, got ${graph.nodes.length}`);
  const model = time(30, () => buildPipelineGraph(readPipelineFile(text).pipelines[0]!));
  const layout = time(30, () => layoutPipelineGraph(graph));
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    'graph model from YAML, 100 tasks p50 (ms, anchor)': round(percentile(model, 50)),
    'graph layout, 100 tasks p50 (ms)': round(percentile(layout, 50)),
    'graph layout, 100 tasks p95 (ms)': round(percentile(layout, 95)),
    ...(await chunkSizes()),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await benchEditorUi());
}
