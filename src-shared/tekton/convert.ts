// tekton.dev/v1beta1 → v1, as Tekton's conversion webhook does it, as a text edit that keeps comments and
// untouched documents byte for byte. Pure: returns the new text; the caller shows a diff before applying.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap, YAMLSeq, type Document, type Pair } from 'yaml';

/** The outcome of a conversion. */
export interface ConversionResult {
  /** The converted text (equal to the input when nothing was converted). */
  readonly text: string;
  /** Number of documents converted. */
  readonly converted: number;
  /** What could not be carried over (removed fields), one sentence each. */
  readonly notes: readonly string[];
}

const KINDS = new Set(['Task', 'Pipeline', 'PipelineRun', 'TaskRun']);

/** Converts every `tekton.dev/v1beta1` Task, Pipeline, PipelineRun and TaskRun in `text` to `tekton.dev/v1`. */
export function convertToV1(text: string): ConversionResult {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length === 0) return { text, converted: 0, notes: [] };
  const notes: string[] = [];
  const starts = docs.map((d, i) => (i === 0 ? 0 : d.range[0]));
  let out = '';
  let converted = 0;
  docs.forEach((doc, i) => {
    const segment = text.slice(starts[i], i + 1 < docs.length ? starts[i + 1] : text.length);
    if (doc.errors.length === 0 && convertDocument(doc, notes)) {
      converted++;
      out += doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    } else {
      out += segment;
    }
  });
  return { text: converted ? out : text, converted, notes };
}

/** Converts one document in place; false when it is not a v1beta1 Tekton object. */
export function convertDocument(doc: Document, notes: string[] = []): boolean {
  const root = doc.contents;
  if (!isMap(root) || root.get('apiVersion') !== 'tekton.dev/v1beta1') return false;
  const kind = root.get('kind');
  if (typeof kind !== 'string' || !KINDS.has(kind)) return false;
  root.set('apiVersion', 'tekton.dev/v1');
  const spec = root.get('spec');
  if (!isMap(spec)) return true;
  const name = String((root.get('metadata') as YAMLMap | undefined)?.get?.('name') ?? kind);
  const ctx = { notes, where: `${kind} ${name}` };
  if (kind === 'Task') taskSpec(spec, ctx);
  else if (kind === 'Pipeline') pipelineSpec(spec, ctx);
  else if (kind === 'PipelineRun') pipelineRunSpec(spec, ctx);
  else taskRunSpec(spec, ctx);
  return true;
}

interface Ctx {
  readonly notes: string[];
  readonly where: string;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) as Pair | undefined;
}

function rename(map: YAMLMap, from: string, to: string): void {
  const p = pairOf(map, from);
  if (!p || pairOf(map, to)) return;
  if (isScalar(p.key)) p.key.value = to;
  else p.key = new Scalar(to);
}

function remove(map: YAMLMap, key: string, ctx: Ctx, why: string): void {
  const p = pairOf(map, key);
  if (!p) return;
  map.items.splice(map.items.indexOf(p), 1);
  ctx.notes.push(`${ctx.where}: removed \`${key}\` (${why})`);
}

/** Moves `key` of `from` to `to[toKey]` (the map is created at the end of `owner` when missing). */
function move(from: YAMLMap, key: string, owner: YAMLMap, toName: string, toKey: string): void {
  const p = pairOf(from, key);
  if (!p) return;
  from.items.splice(from.items.indexOf(p), 1);
  let target = owner.get(toName);
  if (!isMap(target)) {
    target = new YAMLMap();
    owner.set(toName, target);
  }
  if (isScalar(p.key)) p.key.value = toKey;
  (target as YAMLMap).items.push(p);
}

function maps(seq: unknown): YAMLMap[] {
  return isSeq(seq) ? seq.items.filter((i): i is YAMLMap => isMap(i)) : [];
}

function bundleToResolver(ref: unknown, kind: 'Task' | 'Pipeline'): void {
  if (!isMap(ref)) return;
  const bundle = ref.get('bundle');
  if (bundle === undefined || bundle === null || bundle === '') return;
  const name = ref.get('name');
  const params = new YAMLSeq();
  for (const [n, v] of [['bundle', bundle], ['name', name ?? ''], ['kind', kind]] as const) {
    const p = new YAMLMap();
    p.set('name', n);
    p.set('value', v);
    params.items.push(p);
  }
  ref.delete('bundle');
  ref.delete('name');
  ref.set('resolver', 'bundles');
  ref.set('params', params);
}

function containerResources(list: unknown): void {
  for (const c of maps(list)) rename(c, 'resources', 'computeResources');
}

function taskSpec(spec: YAMLMap, ctx: Ctx): void {
  containerResources(spec.get('steps'));
  containerResources(spec.get('sidecars'));
  const template = spec.get('stepTemplate');
  if (isMap(template)) {
    rename(template, 'resources', 'computeResources');
    remove(template, 'name', ctx, 'v1 step templates have no name');
  }
  remove(spec, 'resources', ctx, 'PipelineResources do not exist in v1; use workspaces and params');
}

function pipelineSpec(spec: YAMLMap, ctx: Ctx): void {
  for (const list of ['tasks', 'finally']) {
    for (const t of maps(spec.get(list))) {
      bundleToResolver(t.get('taskRef'), 'Task');
      const ts = t.get('taskSpec');
      if (isMap(ts)) taskSpec(ts, ctx);
      remove(t, 'resources', ctx, 'PipelineResources do not exist in v1');
    }
  }
  remove(spec, 'resources', ctx, 'PipelineResources do not exist in v1');
}

function overrides(owner: YAMLMap, from: string, to: string): void {
  for (const o of maps(owner.get(from))) rename(o, 'resources', 'computeResources');
  rename(owner, from, to);
}

function pipelineRunSpec(spec: YAMLMap, ctx: Ctx): void {
  bundleToResolver(spec.get('pipelineRef'), 'Pipeline');
  const ps = spec.get('pipelineSpec');
  if (isMap(ps)) pipelineSpec(ps, ctx);
  if (pairOf(spec, 'timeout')) {
    spec.delete('timeouts');
    move(spec, 'timeout', spec, 'timeouts', 'pipeline');
  }
  move(spec, 'serviceAccountName', spec, 'taskRunTemplate', 'serviceAccountName');
  move(spec, 'podTemplate', spec, 'taskRunTemplate', 'podTemplate');
  for (const trs of maps(spec.get('taskRunSpecs'))) {
    rename(trs, 'taskServiceAccountName', 'serviceAccountName');
    rename(trs, 'taskPodTemplate', 'podTemplate');
    overrides(trs, 'stepOverrides', 'stepSpecs');
    overrides(trs, 'sidecarOverrides', 'sidecarSpecs');
  }
  const sans = spec.get('serviceAccountNames');
  if (isSeq(sans)) {
    let runSpecs = spec.get('taskRunSpecs');
    if (!isSeq(runSpecs)) {
      runSpecs = new YAMLSeq();
      spec.set('taskRunSpecs', runSpecs);
    }
    for (const san of maps(sans)) {
      const task = san.get('taskName');
      const existing = maps(runSpecs).find((r) => r.get('pipelineTaskName') === task);
      const target = existing ?? new YAMLMap();
      if (!existing) {
        target.set('pipelineTaskName', task);
        (runSpecs as YAMLSeq).items.push(target);
      }
      target.set('serviceAccountName', san.get('serviceAccountName'));
    }
    spec.delete('serviceAccountNames');
  }
  remove(spec, 'resources', ctx, 'PipelineResources do not exist in v1');
}

function taskRunSpec(spec: YAMLMap, ctx: Ctx): void {
  bundleToResolver(spec.get('taskRef'), 'Task');
  const ts = spec.get('taskSpec');
  if (isMap(ts)) taskSpec(ts, ctx);
  overrides(spec, 'stepOverrides', 'stepSpecs');
  overrides(spec, 'sidecarOverrides', 'sidecarSpecs');
  remove(spec, 'resources', ctx, 'PipelineResources do not exist in v1');
}
