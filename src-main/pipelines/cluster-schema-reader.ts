// Reads the Tekton schema a cluster serves, for live validation in the editor: the CRDs' `openAPIV3Schema`
// (exact for the installed release), else — a namespace-as-a-service user may not read CRDs — the apiserver's
// OpenAPI v3 document of tekton.dev, which carries the same schemas.
import type { KubeClient } from '../../src-node/kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import { clusterSchemaFromCrds, clusterSchemaFromOpenApi, mergeClusterSchemas, type ClusterSchema } from '../../src-shared/tekton/schema/cluster-schema';

const PLURALS = ['tasks', 'pipelines', 'pipelineruns', 'taskruns'] as const;
const RELEASE_LABELS = ['app.kubernetes.io/version', 'pipeline.tekton.dev/release', 'version'];

type Crd = { metadata?: { labels?: Record<string, string> }; spec?: { versions?: { name?: string; served?: boolean }[] } };

/** The cluster's Tekton schema; the `source` says what it was read from (for messages). */
export async function readClusterSchema(client: Pick<KubeClient, 'request'>, context: string, signal?: AbortSignal): Promise<ClusterSchema> {
  const common = signal ? { signal } : {};
  try {
    const crds = await Promise.all(
      PLURALS.map((p) => client.request<Crd>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${p}.tekton.dev`, { ...common, what: `CRD ${p}.tekton.dev` })),
    );
    const labels = crds[0]?.metadata?.labels ?? {};
    const release = RELEASE_LABELS.map((l) => labels[l]).find((v) => v && v !== 'devel');
    return clusterSchemaFromCrds(crds, `${release ? `Tekton ${release} ` : 'Tekton '}CRDs of ${context}`);
  } catch (err) {
    if (!isKubeError(err) || (err.status !== 403 && err.status !== 404)) throw isKubeError(err) ? err.toRpcError() : err;
  }
  // Served versions from discovery, then one OpenAPI v3 document per version.
  try {
    const group = await client.request<{ versions?: { version?: string }[] }>('/apis/tekton.dev', { ...common, what: 'the tekton.dev API group' });
    const versions = (group.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string' && /^v[0-9a-z]+$/.test(v));
    const parts = await Promise.all(
      versions.map(async (v) => clusterSchemaFromOpenApi(v, await client.request(`/openapi/v3/apis/tekton.dev/${v}`, { ...common, what: `OpenAPI of tekton.dev/${v}` }), '')),
    );
    return mergeClusterSchemas(`Tekton OpenAPI of ${context}`, parts);
  } catch (err) {
    throw isKubeError(err) ? err.toRpcError() : err;
  }
}
