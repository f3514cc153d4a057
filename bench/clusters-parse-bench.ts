// Host-side list handling without a sandbox: streamed parsing of a 10,000-pod list and a 10,000-row table sort,
// each beside an anchor measured in the same run (JSON.parse of the same body; a plain sort of the same names).
// Run alone: `npx tsx bench/clusters-parse-bench.ts`; `npm run bench -- clusters-parse` runs it through bench/run.ts.
import { pathToFileURL } from 'node:url';
import { ListStreamParser } from '../src-node/kube/list-stream-parser';
import { applyTableQuery } from '../src-shared/clusters/table-query';

const ROUNDS = 5;

/** Median ms of `ROUNDS` runs of `fn`. */
function medianMs(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(ROUNDS / 2)]! * 10) / 10;
}

/** Figures: stream parse vs JSON.parse, table query vs plain sort (ms, medians). */
export async function benchClustersParse(): Promise<Record<string, number>> {
  const pod = { metadata: { name: 'x', namespace: 'n', uid: 'u', labels: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] }, status: { phase: 'Pending' } };
  const body = JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '9' }, items: Array.from({ length: 10_000 }, () => pod) });
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ name: `pod-${(i * 7919) % 10_000}`, status: i % 3 ? 'Running' : 'Pending' }));
  const acc = { name: (r: (typeof rows)[number]) => r.name, status: (r: (typeof rows)[number]) => r.status };
  return {
    list_10k_pods_stream_parse_ms: medianMs(() => {
      const p = new ListStreamParser(() => undefined);
      for (let i = 0; i < body.length; i += 16 * 1024) p.feed(body.slice(i, i + 16 * 1024));
      p.end();
    }),
    list_10k_pods_json_parse_anchor_ms: medianMs(() => JSON.parse(body)),
    table_10k_rows_query_ms: medianMs(() => applyTableQuery(rows, { sortKey: 'name', search: 'pod' }, acc, (r) => `${r.name} ${r.status}`)),
    table_10k_rows_plain_sort_anchor_ms: medianMs(() => rows.map((r) => r.name).sort()),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchClustersParse());
