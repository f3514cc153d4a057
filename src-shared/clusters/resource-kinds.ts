// The Kubernetes resources behind each live table and how to address them.
import type { ResourceKind } from '../contract/clusters';

/** The resources the app shows as live tables (zod-free, so the renderer can import it). */
export const RESOURCE_KINDS = ['namespaces', 'pods', 'events', 'pipelineruns', 'taskruns'] as const;

/** API coordinates of a resource. */
export interface ResourceDef {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly title: string;
}

export const RESOURCES: { readonly [K in ResourceKind]: ResourceDef } = {
  namespaces: { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false, title: 'Namespaces' },
  pods: { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true, title: 'Pods' },
  events: { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, title: 'Events' },
  pipelineruns: { kind: 'PipelineRun', group: 'tekton.dev', version: 'v1', plural: 'pipelineruns', namespaced: true, title: 'PipelineRuns' },
  taskruns: { kind: 'TaskRun', group: 'tekton.dev', version: 'v1', plural: 'taskruns', namespaced: true, title: 'TaskRuns' },
};

/** The REST path of a collection (namespace omitted = all namespaces) or of one object. */
export function resourcePath(def: ResourceDef, namespace?: string, name?: string): string {
  const root = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const ns = def.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const one = name ? `/${encodeURIComponent(name)}` : '';
  return `${root}${ns}/${def.plural}${one}`;
}

/** The table that lists objects of this kind, for owner links (undefined when the app has none). */
export function resourceForKind(kind: string, apiVersion?: string): ResourceKind | undefined {
  for (const [key, def] of Object.entries(RESOURCES) as [ResourceKind, ResourceDef][]) {
    if (def.kind !== kind) continue;
    const group = apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
    if (apiVersion === undefined || group === def.group) return key;
  }
  return undefined;
}
