// Projects pipe-events' GitHubEvent objects into rows for the events view (untrusted shapes read defensively).
import type { GithubEventRow } from '../contract/runs';

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 2000) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, 200) : []);

/** One GitHubEvent object as a row. */
export function githubEventRowOf(o: unknown): GithubEventRow {
  const meta = rec(rec(o).metadata);
  const spec = rec(rec(o).spec);
  const status = rec(rec(o).status);
  const event = rec(spec.event);
  const received = Date.parse(str(spec.receivedAt) ?? '');
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> => (v ? ({ [k]: v } as Record<K, string>) : {});
  return {
    name: str(meta.name) ?? '',
    deliveryId: str(spec.deliveryId) ?? str(meta.name) ?? '',
    event: str(spec.eventName) ?? '',
    ...opt('action', str(spec.action)),
    repository: str(spec.repository) ?? '',
    ...opt('ref', str(spec.ref)),
    ...opt('sha', str(spec.sha)),
    ...opt('sender', str(rec(event.sender).login) ?? str(event.sender)),
    ...(Number.isNaN(received) ? {} : { receivedAt: received }),
    phase: str(status.phase) ?? 'Pending',
    ...opt('message', str(status.message)),
    explanations: arr(status.explanations).map((e) => ({ pipeline: str(rec(e).pipeline) ?? '', ...opt('file', str(rec(e).file)), matched: rec(e).matched === true, explanation: str(rec(e).explanation) ?? '' })),
    runs: arr(status.runs).map((r) => ({ pipeline: str(rec(r).pipeline) ?? '', cluster: str(rec(r).cluster) ?? '', namespace: str(rec(r).namespace) ?? '', name: str(rec(r).name) ?? '' })),
    errors: arr(status.errors).map((e) => ({
      ...opt('file', str(rec(e).file)),
      ...(typeof rec(e).line === 'number' ? { line: rec(e).line as number } : {}),
      ...opt('pipeline', str(rec(e).pipeline)),
      message: str(rec(e).message) ?? '',
    })),
  };
}

/** Rows newest first. */
export function githubEventRows(items: readonly unknown[]): GithubEventRow[] {
  return items.map(githubEventRowOf).sort((a, b) => (b.receivedAt ?? 0) - (a.receivedAt ?? 0) || a.name.localeCompare(b.name));
}
