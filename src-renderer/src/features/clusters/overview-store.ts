// The clusters overview (files, clusters, statuses, profile) kept in a small store, fed by one host stream.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ClusterEntry, ClustersOverview } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';

interface OverviewState {
  readonly overview: ClustersOverview | undefined;
  readonly problem: string | undefined;
}

const useOverviewStore = create<OverviewState>()(() => ({ overview: undefined, problem: undefined }));

let holders = 0;
let stop: (() => void) | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;

function subscribe(): void {
  retry = undefined;
  try {
    const off = host().clusters.overview(
      {},
      {
        next: (overview) => {
          attempt = 0;
          useOverviewStore.setState({ overview, problem: undefined });
        },
        end: (err) => {
          stop = undefined;
          useOverviewStore.setState({ problem: err ? describeError(err) : undefined });
          // The host connection came back or will: subscribe again while anyone still looks.
          if (holders > 0) retry = setTimeout(subscribe, Math.min(500 * 2 ** attempt++, 5000));
        },
      },
    );
    stop = off;
  } catch (err) {
    useOverviewStore.setState({ problem: describeError(err) });
    if (holders > 0) retry = setTimeout(subscribe, Math.min(500 * 2 ** attempt++, 5000));
  }
}

/** Keeps the overview stream open while at least one holder needs it; returns the release. */
export function retainOverview(): () => void {
  if (holders++ === 0) subscribe();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders > 0) return;
    if (retry) clearTimeout(retry);
    retry = undefined;
    stop?.();
    stop = undefined;
  };
}

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
