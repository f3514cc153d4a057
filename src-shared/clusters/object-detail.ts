// What the detail drawer shows for one object: conditions, owner links, labels and read-only YAML.
import { stringify } from 'yaml';
import type { ObjectDetail, OwnerLink } from '../contract/clusters';
import type { KubeObject } from './row-projection';
import { resourceForKind } from './resource-kinds';

/** Builds the drawer's content from a full object (managedFields dropped, as kubectl does). */
export function describeObject(o: KubeObject, fallbackKind: string): ObjectDetail {
  const metadata = { ...(o.metadata ?? {}) } as Record<string, unknown>;
  delete metadata.managedFields;
  const clean = { ...o, metadata };
  const status = (o.status ?? {}) as { conditions?: unknown };
  const conditions = Array.isArray(status.conditions)
    ? status.conditions
        .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
        .map((c) => ({
          type: String(c.type ?? ''),
          status: String(c.status ?? ''),
          ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
          ...(typeof c.message === 'string' ? { message: c.message } : {}),
          ...(typeof c.lastTransitionTime === 'string' ? { lastTransitionTime: c.lastTransitionTime } : {}),
        }))
    : [];
  const owners: OwnerLink[] = (o.metadata?.ownerReferences ?? []).map((r) => {
    const resource = resourceForKind(r.kind, r.apiVersion);
    return {
      kind: r.kind,
      name: r.name,
      ...(r.uid ? { uid: r.uid } : {}),
      ...(resource ? { resource } : {}),
      ...(r.controller ? { controller: true } : {}),
    };
  });
  const ns = o.metadata?.namespace;
  return {
    kind: o.kind ?? fallbackKind,
    name: o.metadata?.name ?? '',
    ...(ns ? { namespace: ns } : {}),
    conditions,
    owners,
    labels: { ...(o.metadata?.labels ?? {}) },
    yaml: stringify(clean, { lineWidth: 0, aliasDuplicateObjects: false }),
  };
}
