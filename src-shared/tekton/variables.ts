// `$(...)` variable references in Tekton strings: extraction with positions, and their classification.
import type { Ranged } from './report';
import type { TNode, TScalar } from './tree';

/** One `$(...)` occurrence in a string value. */
export interface VariableRef {
  /** The expression inside `$(` `)`, e.g. `params.url` or `tasks.build.results.digest[*]`. */
  readonly expression: string;
  /** Offset of `$(` in the value string. */
  readonly index: number;
  readonly length: number;
}

const REF = /\$\(([^()]*)\)/g;

/** Every `$(...)` in a string. */
export function variableRefs(value: string): VariableRef[] {
  if (!value.includes('$(')) return [];
  const out: VariableRef[] = [];
  for (const m of value.matchAll(REF)) out.push({ expression: m[1]!.trim(), index: m.index, length: m[0].length });
  return out;
}

/** The prefixes Tekton substitutes; anything else in `$(...)` is left as written (e.g. shell `$(date)`). */
export const VARIABLE_PREFIXES = ['params', 'tasks', 'finally', 'context', 'workspaces', 'results', 'steps', 'step', 'inputs', 'outputs', 'resources', 'credentials', 'artifacts'] as const;

/** The first segment of an expression (`params` of `params.x`, `params["x"]`). */
export function prefixOf(expression: string): string {
  const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(expression);
  return m ? m[0] : '';
}

/** `params.x`, `params.x.key`, `params.x[*]`, `params["x"]`, `params['x.y']` → { name, key?, star, index }. */
export function parseParamRef(expression: string): { name: string; key?: string; star: boolean; indexed: boolean } | undefined {
  const bracket = /^params\[(["'])(.+?)\1\](\[(\*|\d+)\])?$/.exec(expression);
  if (bracket) return { name: bracket[2]!, star: bracket[4] === '*', indexed: bracket[4] !== undefined && bracket[4] !== '*' };
  const dot = /^params\.([_a-zA-Z][_a-zA-Z0-9-]*)(?:\.([_a-zA-Z0-9][_a-zA-Z0-9.-]*))?(\[(\*|\d+)\])?$/.exec(expression);
  if (!dot) return undefined;
  return { name: dot[1]!, ...(dot[2] !== undefined ? { key: dot[2] } : {}), star: dot[4] === '*', indexed: dot[4] !== undefined && dot[4] !== '*' };
}

/** `tasks.X.results.Y…` (or `finally.X.results.Y`) → task and result; `tasks.X.status`/`reason` → status refs. */
export function parseTaskRef(expression: string): { scope: 'tasks' | 'finally'; task: string; result?: string; status?: 'status' | 'reason'; star: boolean } | undefined {
  const m = /^(tasks|finally)\.([^.[\]]+)\.(results\.([^.[\]]+)|results\[(["'])(.+?)\5\]|status|reason)(.*)$/.exec(expression);
  if (!m) return undefined;
  const scope = m[1] as 'tasks' | 'finally';
  const star = m[7]!.startsWith('[*]');
  if (m[3] === 'status' || m[3] === 'reason') return { scope, task: m[2]!, status: m[3], star };
  return { scope, task: m[2]!, result: m[4] ?? m[6]!, star };
}

/** Where a reference sits in the file: inside the scalar when its source spells the value out, else the whole node. */
export function refRange(text: string, node: TNode, ref: VariableRef, value: string): Ranged {
  const needle = value.slice(ref.index, ref.index + ref.length);
  const source = text.slice(node.start, node.end);
  let from = 0;
  // The n-th occurrence of the needle in the value is the n-th in the source when the scalar has no escapes.
  let nth = 0;
  for (let i = value.indexOf(needle); i >= 0 && i < ref.index; i = value.indexOf(needle, i + 1)) nth++;
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = source.indexOf(needle, from);
    if (at < 0) break;
    from = at + 1;
  }
  return at >= 0 ? { start: node.start + at, end: node.start + at + needle.length } : node;
}

/** Every string scalar under a node, with the node (for scanning param values, matrix, when). */
export function stringsUnder(node: TNode | undefined, out: { node: TScalar; value: string }[] = []): { node: TScalar; value: string }[] {
  if (!node) return out;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') out.push({ node, value: node.value });
  } else if (node.kind === 'seq') {
    for (const i of node.items) stringsUnder(i, out);
  } else {
    for (const e of node.entries) stringsUnder(e.value, out);
  }
  return out;
}
