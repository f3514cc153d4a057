// The clusters overview (files, clusters, statuses, profile) kept in a small store, fed by one host stream.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ClusterEntry, ClustersOverview } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { createRetainedStream } from '../../bridge/retained-stream';

interface OverviewState {
  readonly overview: ClustersOverview | undefined;
  readonly problem: string | undefined;
}

const useOverviewStore = create<OverviewState>()(() => ({ overview: undefined, problem: undefined }));

/** Keeps the overview stream open while at least one holder needs it; returns the release. */
export const retainOverview = createRetainedStream<ClustersOverview>((observer) => host().clusters.overview({}, observer), {
  value: (overview) => useOverviewStore.setState({ overview, problem: undefined }),
  problem: (problem) => useOverviewStore.setState({ problem }),
});

/** The whole overview (undefined until the host answered). */
export const useOverview = (): ClustersOverview | undefined => useOverviewStore((s) => s.overview);
/** Why the overview is unavailable, if it is. */
export const useOverviewProblem = (): string | undefined => useOverviewStore((s) => s.problem);
/** One cluster entry by context. */
export const useClusterEntry = (context: string | undefined): ClusterEntry | undefined =>
  useOverviewStore((s) => s.overview?.clusters.find((c) => c.context === context));
/** The current context's name. */
export const useCurrentContext = (): string | undefined => useOverviewStore((s) => s.overview?.currentContext);
/** Context names in sidebar order. */
export const useContextNames = (): string[] => useOverviewStore(useShallow((s) => s.overview?.clusters.map((c) => c.context) ?? []));

/** The overview right now, for commands outside React. */
export function currentOverview(): ClustersOverview | undefined {
  return useOverviewStore.getState().overview;
}

/** Sets the overview directly (tests). */
export function overviewReceived(overview: ClustersOverview | undefined): void {
  useOverviewStore.setState({ overview, problem: undefined });
}
