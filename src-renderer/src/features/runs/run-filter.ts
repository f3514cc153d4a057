// Filtering and facets of the runs list (pure): by text, repository, pipeline, event, status and trigger.
import type { RunRow } from '../../../../src-shared/contract/clusters';

/** A run row with the context it came from. */
export type RunListRow = RunRow & { readonly context: string };

/** What the user filters by. */
export interface RunFilter {
  readonly text: string;
  readonly repository?: string;
  readonly pipeline?: string;
  readonly event?: string;
  readonly status?: string;
  readonly trigger?: 'pipe-events' | 'manual';
}

const repoOf = (r: RunListRow): string | undefined => r.trigger?.repository?.replace('.', '/');
const pipelineOf = (r: RunListRow): string | undefined => r.trigger?.pipeline ?? r.parent;
const isPipeEvents = (r: RunListRow): boolean => r.trigger?.['managed-by'] === 'pipe-events' || !!r.trigger?.repository;

/** Rows that pass the filter, newest first. */
export function filterRuns(rows: readonly RunListRow[], f: RunFilter): RunListRow[] {
  const text = f.text.trim().toLowerCase();
  return rows
    .filter(
      (r) =>
        (!text || r.name.toLowerCase().includes(text) || (pipelineOf(r) ?? '').toLowerCase().includes(text) || (repoOf(r) ?? '').toLowerCase().includes(text)) &&
        (!f.repository || repoOf(r) === f.repository) &&
        (!f.pipeline || pipelineOf(r) === f.pipeline) &&
        (!f.event || r.trigger?.event === f.event) &&
        (!f.status || r.status === f.status) &&
        (!f.trigger || (f.trigger === 'pipe-events') === isPipeEvents(r)),
    )
    .sort((a, b) => (b.startedAt ?? b.createdAt) - (a.startedAt ?? a.createdAt) || a.name.localeCompare(b.name));
}

/** The values present for each filter. */
export function runFacets(rows: readonly RunListRow[]): { repositories: string[]; pipelines: string[]; events: string[]; statuses: string[] } {
  const set = (f: (r: RunListRow) => string | undefined): string[] => [...new Set(rows.map(f).filter((v): v is string => !!v))].sort();
  return { repositories: set(repoOf), pipelines: set(pipelineOf), events: set((r) => r.trigger?.event), statuses: set((r) => r.status) };
}
