// Generates src-shared/tekton/schema/tekton.schema.json from the CRDs of the tektoncd/pipeline Go module
// (the version the sandbox pins in sandbox/binaries.ts). Run: `npx tsx scripts/generate-tekton-schemas.ts`.
// What it adds to the CRDs' openAPIV3Schema: embedded taskSpec/pipelineSpec grafted, param values typed,
// `additionalProperties: false` where properties are listed, step/sidecar `name` optional, metadata typed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { VERSIONS } from '../sandbox/binaries';

type Schema = Record<string, unknown>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src-shared/tekton/schema/tekton.schema.json');
const MODULE = 'github.com/tektoncd/pipeline';
const KINDS = { Task: '300-task.yaml', Pipeline: '300-pipeline.yaml', PipelineRun: '300-pipelinerun.yaml', TaskRun: '300-taskrun.yaml' } as const;
const API_VERSIONS = ['v1', 'v1beta1'] as const;
const KEEP = new Set(['type', 'description', 'properties', 'items', 'required', 'additionalProperties', 'enum', 'pattern', 'anyOf', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string']);
const MAX_DESCRIPTION = 400;

/** The module folder (downloaded into the Go module cache when missing). */
function moduleDir(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${VERSIONS.tekton}`], { encoding: 'utf8', cwd: ROOT });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download failed: ${info.Error ?? out}`);
  return info.Dir;
}

function crdSchemas(dir: string): Record<string, Record<string, Schema>> {
  const out: Record<string, Record<string, Schema>> = {};
  for (const [kind, file] of Object.entries(KINDS)) {
    const crd = parse(readFileSync(join(dir, 'config', '300-crds', file), 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
    for (const v of crd.spec.versions) (out[v.name] ??= {})[kind] = v.schema.openAPIV3Schema;
  }
  return out;
}

const PARAM_VALUE: Schema = {
  description: 'A param value: a string (numbers and booleans become strings), a list of strings, or an object of strings.',
  type: ['string', 'number', 'boolean', 'array', 'object'],
};

const METADATA: Schema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'The object name (DNS-1123 subdomain, at most 63 characters for Tekton objects).' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** Cleans one CRD schema node: keeps the validation subset, short descriptions, closes listed properties. */
function clean(node: unknown, path: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => clean(n, path));
  if (!node || typeof node !== 'object') return node;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (!KEEP.has(k)) continue;
    if (k === 'description') out[k] = shorten(String(v));
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, clean(pv, [...path, pk])]));
    else if (k === 'items') out[k] = clean(v, [...path, '[]']);
    else if (k === 'additionalProperties' && typeof v === 'object') out[k] = clean(v, [...path, '{}']);
    else out[k] = v;
  }
  if (out['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
    delete out.anyOf;
    delete out['x-kubernetes-int-or-string'];
  }
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (out['x-kubernetes-preserve-unknown-fields'] && !out.properties && (last === 'value' || last === 'default') && (parent === '[]' || parent === undefined)) {
    return { ...PARAM_VALUE, ...(out.description ? { description: out.description } : {}) };
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  if (((last === '[]' && (parent === 'steps' || parent === 'sidecars')) || last === 'stepTemplate') && Array.isArray(out.required)) {
    out.required = (out.required as string[]).filter((r) => r !== 'name');
    if ((out.required as string[]).length === 0) delete out.required;
  }
  delete out['x-kubernetes-preserve-unknown-fields'];
  return out;
}

/** A deep copy without `required` lists. */
function withoutRequired(node: Schema): Schema {
  const strip = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(strip);
    if (!n || typeof n !== 'object') return n;
    return Object.fromEntries(Object.entries(n as Schema).filter(([k]) => k !== 'required').map(([k, v]) => [k, k === 'enum' ? v : strip(v)]));
  };
  return strip(node) as Schema;
}

function shorten(text: string): string {
  const para = text.split('\n\n')[0]!.replace(/\s*\n\s*/g, ' ').trim();
  return para.length > MAX_DESCRIPTION ? `${para.slice(0, MAX_DESCRIPTION - 1)}…` : para;
}

function props(s: Schema): Schema {
  return s.properties as Schema;
}

/** Builds the definitions of one API version with the embedded specs grafted in. */
function versionDefs(version: string, crds: Record<string, Schema>): Record<string, Schema> {
  const top = (kind: string) => clean(crds[kind], []) as Schema;
  const task = top('Task');
  const pipeline = top('Pipeline');
  const pipelineRun = top('PipelineRun');
  const taskRun = top('TaskRun');
  const ref = (name: string) => ({ $ref: `#/definitions/${version}.${name}` });
  const taskSpec = props(task).spec as Schema;
  const pipelineSpec = props(pipeline).spec as Schema;
  // The CRDs leave embedded specs open, so the apiserver never enforces their `required` lists (Tekton
  // decodes them into Go structs, where a missing field is just empty): the grafted copies drop them.
  const embeddedTaskSpec = withoutRequired(taskSpec);
  const embeddedTask: Schema = {
    ...embeddedTaskSpec,
    description: 'An embedded Task spec (or a custom task: apiVersion, kind and spec).',
    properties: { ...props(embeddedTaskSpec), apiVersion: { type: 'string' }, kind: { type: 'string' }, spec: {}, metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } }, annotations: { type: 'object', additionalProperties: { type: 'string' } } }, additionalProperties: false } },
  };
  const embeddedPipelineSpec = withoutRequired(pipelineSpec);
  for (const spec of [pipelineSpec, embeddedPipelineSpec]) {
    for (const list of ['tasks', 'finally']) {
      const items = (props(spec)[list] as Schema).items as Schema;
      props(items).taskSpec = ref('EmbeddedTask');
    }
  }
  props(props(pipelineRun).spec as Schema).pipelineSpec = ref('EmbeddedPipelineSpec');
  props(props(taskRun).spec as Schema).taskSpec = ref('EmbeddedTaskSpec');
  const object = (kind: string, s: Schema, spec: Schema) => ({
    ...s,
    required: ['apiVersion', 'kind'],
    properties: { ...props(s), apiVersion: { type: 'string', enum: [`tekton.dev/${version}`] }, kind: { type: 'string', enum: [kind] }, metadata: { $ref: '#/definitions/ObjectMeta' }, spec, status: {} },
  });
  return {
    [`${version}.TaskSpec`]: taskSpec,
    [`${version}.EmbeddedTask`]: embeddedTask,
    [`${version}.PipelineSpec`]: pipelineSpec,
    [`${version}.EmbeddedTaskSpec`]: embeddedTaskSpec,
    [`${version}.EmbeddedPipelineSpec`]: embeddedPipelineSpec,
    [`${version}.Task`]: object('Task', task, ref('TaskSpec')),
    [`${version}.Pipeline`]: object('Pipeline', pipeline, ref('PipelineSpec')),
    [`${version}.PipelineRun`]: object('PipelineRun', pipelineRun, props(pipelineRun).spec as Schema),
    [`${version}.TaskRun`]: object('TaskRun', taskRun, props(taskRun).spec as Schema),
  };
}

/** Moves large subtrees that occur more than once into shared definitions (the CRDs repeat Kubernetes types). */
function dedupe(defs: Record<string, Schema>): Record<string, Schema> {
  const counts = new Map<string, { count: number; name: string }>();
  const hashOf = (s: unknown) => createHash('sha1').update(JSON.stringify(s)).digest('hex').slice(0, 10);
  const scan = (node: unknown, name: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => scan(n, name));
    const json = JSON.stringify(node);
    if (json.length > 800) {
      const h = hashOf(node);
      const c = counts.get(h);
      if (c) c.count++;
      else counts.set(h, { count: 1, name });
    }
    for (const [k, v] of Object.entries(node as Schema)) {
      if (k === 'properties') for (const [pk, pv] of Object.entries(v as Schema)) scan(pv, pk);
      else scan(v, name);
    }
  };
  for (const d of Object.values(defs)) scan(d, 'x');
  const shared: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const used = new Set<string>();
  const replace = (node: unknown, top: boolean, name: string): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n) => replace(n, false, name));
    if (!top && JSON.stringify(node).length > 800) {
      const h = hashOf(node);
      const c = counts.get(h);
      if (c && c.count > 1) {
        let defName = names.get(h);
        if (!defName) {
          const base = `shared.${c.name}`;
          defName = base;
          for (let i = 2; used.has(defName); i++) defName = `${base}${i}`;
          used.add(defName);
          names.set(h, defName);
          shared[defName] = replace(node, true, name) as Schema;
        }
        return { $ref: `#/definitions/${defName}` };
      }
    }
    return Object.fromEntries(
      Object.entries(node as Schema).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, replace(pv, false, pk)])) : replace(v, false, name)]),
    );
  };
  const out: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(defs)) out[k] = replace(v, true, k) as Schema;
  return { ...out, ...shared };
}

function main(): void {
  const dir = moduleDir();
  const crds = crdSchemas(dir);
  let defs: Record<string, Schema> = { ObjectMeta: METADATA };
  for (const v of API_VERSIONS) defs = { ...defs, ...versionDefs(v, crds[v]!) };
  defs = dedupe(defs);
  const dispatch = API_VERSIONS.flatMap((v) =>
    Object.keys(KINDS).map((kind) => ({
      if: { properties: { apiVersion: { const: `tekton.dev/${v}` }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: `#/definitions/${v}.${kind}` },
    })),
  );
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://pipe-desktop.invalid/schemas/tekton.schema.json',
    title: `Tekton ${API_VERSIONS.join('/')} Task, Pipeline, PipelineRun, TaskRun (tektoncd/pipeline ${VERSIONS.tekton})`,
    $comment: `Generated by scripts/generate-tekton-schemas.ts from config/300-crds of ${MODULE}@${VERSIONS.tekton}. Derived from the Tekton CRDs, Copyright The Tekton Authors, licensed under the Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0). Do not edit.`,
    'x-tekton-version': VERSIONS.tekton,
    type: 'object',
    allOf: dispatch,
    definitions: defs,
  };
  writeFileSync(OUT, `${JSON.stringify(schema)}\n`);
  process.stdout.write(`wrote ${OUT} (${(JSON.stringify(schema).length / 1024).toFixed(0)} KB, ${Object.keys(defs).length} definitions)\n`);
}

main();
