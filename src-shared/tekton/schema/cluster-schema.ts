// The fields a connected cluster's Tekton knows, read from its CRDs' `openAPIV3Schema` (or the apiserver's
// OpenAPI v3 document, which carries the same schemas), so a cluster on an older Tekton flags newer fields.
import type { RuleContext } from '../context';
import type { TNode } from '../tree';

/** Which fields a node may have: `fields` undefined means open (anything goes). */
export interface FieldTree {
  readonly fields?: Readonly<Record<string, FieldTree>>;
  /** List items. */
  readonly items?: FieldTree;
  /** Values of a map with free keys (`additionalProperties`). */
  readonly values?: FieldTree;
}

/** The Tekton schema of one cluster: `kinds` keyed `v1.Pipeline`, `v1beta1.Task`, …. */
export interface ClusterSchema {
  /** What it was read from, for messages, e.g. `Tekton v1.9.0 CRDs of runtime-1`. */
  readonly source: string;
  readonly kinds: Readonly<Record<string, FieldTree>>;
}

const KINDS = ['Task', 'Pipeline', 'PipelineRun', 'TaskRun'] as const;
const MAX_DEPTH = 40;
const MAX_ERRORS = 50;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Turns one openAPIV3Schema node into a field tree; a node without `properties` (or preserving unknown fields) is open. */
export function fieldTreeOf(schema: unknown, depth = 0): FieldTree {
  if (!isObject(schema) || depth > MAX_DEPTH) return {};
  const out: { fields?: Record<string, FieldTree>; items?: FieldTree; values?: FieldTree } = {};
  const props = schema['properties'];
  if (isObject(props) && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.fields = {};
    for (const [k, v] of Object.entries(props)) out.fields[k] = fieldTreeOf(v, depth + 1);
  }
  if (isObject(schema['items'])) out.items = fieldTreeOf(schema['items'], depth + 1);
  if (isObject(schema['additionalProperties'])) out.values = fieldTreeOf(schema['additionalProperties'], depth + 1);
  return out;
}

const child = (t: FieldTree | undefined, ...path: string[]): FieldTree | undefined => {
  let cur = t;
  for (const p of path) cur = p === '[]' ? cur?.items : cur?.fields?.[p];
  return cur;
};

const isOpen = (t: FieldTree | undefined): boolean => !t || (!t.fields && !t.items && !t.values);

/** Replaces an open subtree at `path` with `graft` (the CRDs leave embedded specs open). */
function graftAt(t: FieldTree, path: readonly string[], graft: FieldTree): FieldTree {
  if (path.length === 0) return isOpen(t) ? graft : t;
  const [head, ...rest] = path;
  if (head === '[]') return t.items ? { ...t, items: graftAt(t.items, rest, graft) } : t;
  const next = t.fields?.[head!];
  if (!next) return t;
  return { ...t, fields: { ...t.fields, [head!]: graftAt(next, rest, graft) } };
}

/** Grafts Task and Pipeline specs into the embedded `taskSpec`/`pipelineSpec` of one version. */
function graftEmbedded(kinds: Record<string, FieldTree>, version: string): void {
  const task = kinds[`${version}.Task`];
  const taskSpec = child(task, 'spec');
  if (taskSpec && !isOpen(taskSpec)) {
    // An embedded task may also be a custom task (apiVersion, kind, spec) and carry metadata.
    const embeddedTask: FieldTree = { ...taskSpec, fields: { ...taskSpec.fields, apiVersion: {}, kind: {}, spec: {}, metadata: {} } };
    const pipeline = kinds[`${version}.Pipeline`];
    if (pipeline) {
      let p = pipeline;
      for (const list of ['tasks', 'finally']) p = graftAt(p, ['spec', list, '[]', 'taskSpec'], embeddedTask);
      kinds[`${version}.Pipeline`] = p;
    }
    const taskRun = kinds[`${version}.TaskRun`];
    if (taskRun) kinds[`${version}.TaskRun`] = graftAt(taskRun, ['spec', 'taskSpec'], taskSpec);
  }
  const pipelineSpec = child(kinds[`${version}.Pipeline`], 'spec');
  const pipelineRun = kinds[`${version}.PipelineRun`];
  if (pipelineSpec && !isOpen(pipelineSpec) && pipelineRun) kinds[`${version}.PipelineRun`] = graftAt(pipelineRun, ['spec', 'pipelineSpec'], pipelineSpec);
}

/** Builds the cluster schema from CustomResourceDefinition objects (others are ignored; served versions only). */
export function clusterSchemaFromCrds(crds: readonly unknown[], source: string): ClusterSchema {
  const kinds: Record<string, FieldTree> = {};
  const versions = new Set<string>();
  for (const crd of crds) {
    if (!isObject(crd) || !isObject(crd['spec'])) continue;
    const spec = crd['spec'];
    const kind = isObject(spec['names']) ? spec['names']['kind'] : undefined;
    if (spec['group'] !== 'tekton.dev' || !(KINDS as readonly unknown[]).includes(kind)) continue;
    for (const v of Array.isArray(spec['versions']) ? spec['versions'] : []) {
      if (!isObject(v) || v['served'] !== true || typeof v['name'] !== 'string') continue;
      const schema = isObject(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
      if (!isObject(schema)) continue;
      kinds[`${v['name']}.${String(kind)}`] = fieldTreeOf(schema);
      versions.add(v['name']);
    }
  }
  for (const v of versions) graftEmbedded(kinds, v);
  return { source, kinds };
}

/**
 * Builds the cluster schema from the apiserver's OpenAPI v3 document of `tekton.dev/<version>`
 * (`/openapi/v3/apis/tekton.dev/v1`): readable by every signed-in user, unlike the CRDs themselves.
 */
export function clusterSchemaFromOpenApi(version: string, doc: unknown, source: string): ClusterSchema {
  const kinds: Record<string, FieldTree> = {};
  const schemas = isObject(doc) && isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {};
  for (const kind of KINDS) {
    const s = schemas[`dev.tekton.${version}.${kind}`];
    if (isObject(s)) kinds[`${version}.${kind}`] = fieldTreeOf(s);
  }
  graftEmbedded(kinds, version);
  return { source, kinds };
}

/** Merges schemas of several versions (e.g. v1 and v1beta1 read separately). */
export function mergeClusterSchemas(source: string, parts: readonly ClusterSchema[]): ClusterSchema {
  return { source, kinds: Object.assign({}, ...parts.map((p) => p.kinds)) as Record<string, FieldTree> };
}

/** Reports fields the cluster's Tekton does not know (`cluster-schema-unknown-field`). */
export function checkClusterSchema(ctx: RuleContext, root: TNode, apiVersion: string, kind: string, schema: ClusterSchema): void {
  const version = apiVersion.replace('tekton.dev/', '');
  const top = schema.kinds[`${version}.${kind}`];
  if (!top) {
    const node = root.kind === 'map' ? (root.entries.find((e) => e.key === 'apiVersion')?.value ?? root) : root;
    ctx.report.error('cluster-schema-version', `the cluster (${schema.source}) does not serve \`${kind}\` in \`${apiVersion}\``, node);
    return;
  }
  let budget = MAX_ERRORS;
  const walk = (node: TNode, tree: FieldTree, path: string): void => {
    if (budget <= 0) return;
    if (node.kind === 'seq') {
      if (tree.items) node.items.forEach((item, i) => walk(item, tree.items!, `${path}[${i}]`));
      return;
    }
    if (node.kind !== 'map') return;
    for (const e of node.entries) {
      const p = path ? `${path}.${e.key}` : e.key;
      if (path === '' && (e.key === 'metadata' || e.key === 'apiVersion' || e.key === 'kind' || e.key === 'status')) continue;
      const known = tree.fields ? tree.fields[e.key] : tree.values;
      if (known) walk(e.value, known, p);
      else if (tree.fields) {
        budget--;
        ctx.report.error(
          'cluster-schema-unknown-field',
          `the cluster's Tekton (${schema.source}) does not know \`${p}\`: its apiserver would drop the field or Tekton would reject it — remove it or use a cluster with a newer Tekton`,
          e.keyNode,
        );
      }
    }
  };
  walk(root, top, '');
}
