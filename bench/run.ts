// `npm run bench [-- filter…]`: runs every bench/<name>-bench.ts (its `bench<Name>()` export) and prints one table.
// A module that fails to load or run prints its error; the others still run; the exit code is then 1.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** A bench module: `events-bench.ts` exports `benchEvents`, `log-stream-bench.ts` exports `benchLogStream`. */
export interface BenchModule {
  readonly name: string;
  readonly file: string;
  readonly exportName: string;
}

/** The export a bench file must provide. */
export function exportNameFor(name: string): string {
  return 'bench' + name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** Bench modules in `dir`, foundation first, then by name; `filters` keep names containing any of them. */
export function findBenchModules(dir = BENCH_DIR, filters: readonly string[] = []): BenchModule[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-bench.ts'))
    .map((f) => {
      const name = f.slice(0, -'-bench.ts'.length);
      return { name, file: join(dir, f), exportName: exportNameFor(name) };
    })
    .filter((m) => !filters.length || filters.some((f) => m.name.includes(f)))
    .sort((a, b) => (a.name === 'foundation' ? -1 : b.name === 'foundation' ? 1 : a.name.localeCompare(b.name)));
}

/** Formats figures as aligned rows. */
export function formatTable(rows: readonly (readonly [string, string, string])[]): string {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}`).join('\n');
}

async function runOne(m: BenchModule): Promise<Record<string, number>> {
  const mod = (await import(pathToFileURL(m.file).href)) as Record<string, unknown>;
  const fn = mod[m.exportName];
  if (typeof fn !== 'function') throw new Error(`${m.file} does not export ${m.exportName}()`);
  return (await (fn as () => Promise<Record<string, number>>)()) ?? {};
}

async function main(filters: string[]): Promise<number> {
  const modules = findBenchModules(BENCH_DIR, filters);
  if (!modules.length) {
    console.error(`No bench module matches ${filters.join(', ')}.`);
    return 1;
  }
  const rows: [string, string, string][] = [['bench', 'figure', 'value']];
  let failed = 0;
  for (const m of modules) {
    const t0 = performance.now();
    process.stderr.write(`running ${m.name}…\n`);
    try {
      const figures = await runOne(m);
      for (const [k, v] of Object.entries(figures)) rows.push([m.name, k, typeof v === 'number' ? v.toLocaleString('en-US') : String(v)]);
      rows.push([m.name, '(bench took s)', ((performance.now() - t0) / 1000).toFixed(1)]);
    } catch (err) {
      failed++;
      console.error(`${m.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      rows.push([m.name, 'FAILED', (err as Error)?.message?.split('\n')[0]?.slice(0, 60) ?? 'error']);
    }
  }
  console.log(`\n${formatTable(rows)}`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
