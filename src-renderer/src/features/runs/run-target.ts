// Resolves a run link's cluster name to a kubeconfig context: the context itself, its cluster entry, or its region.
import type { ClustersOverview } from '../../../../src-shared/contract/clusters';

/** The context to use for a cluster named in a link (undefined when none matches). */
export function contextForCluster(overview: ClustersOverview | undefined, cluster: string): string | undefined {
  const clusters = overview?.clusters ?? [];
  return (
    clusters.find((c) => c.context === cluster)?.context ??
    clusters.find((c) => c.cluster === cluster)?.context ??
    clusters.find((c) => c.group === 'runtime' && (c.region === cluster || c.profileName === cluster))?.context
  );
}
