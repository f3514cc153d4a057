// Tekton's CRDs, as shipped in the tektoncd/pipeline module, adapted to run without Tekton's conversion webhook.
import type { KubernetesObject } from '@kubernetes/client-node';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
}

interface Crd extends KubernetesObject {
  spec: { conversion?: unknown; versions: CrdVersion[]; names: { plural: string }; group: string };
}

/** Drops the webhook conversion and serves only the storage version (v1 for Task/Pipeline/TaskRun/PipelineRun). */
export function withoutConversion(crd: Crd): Crd {
  const copy = structuredClone(crd);
  delete copy.spec.conversion;
  copy.spec.versions = copy.spec.versions.map((v) => ({ ...v, served: v.storage }));
  return copy;
}

/** Reads every CRD from Tekton's config/300-crds folder, adapted by withoutConversion. */
export async function loadTektonCrds(dir: string): Promise<Crd[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const crds: Crd[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, f), 'utf8'))) {
      const obj = doc.toJS() as Crd | null;
      if (obj?.kind === 'CustomResourceDefinition') crds.push(withoutConversion(obj));
    }
  }
  return crds;
}

/** Cluster-wide collection paths of every served version of the CRDs (for watch readiness probes). */
export function servedCollectionPaths(crds: readonly Crd[]): string[] {
  return crds.flatMap((c) => c.spec.versions.filter((v) => v.served).map((v) => `/apis/${c.spec.group}/${v.name}/${c.spec.names.plural}`));
}

/** Full CRD name (plural.group). */
export function crdName(crd: Crd): string {
  return `${crd.spec.names.plural}.${crd.spec.group}`;
}
