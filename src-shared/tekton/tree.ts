// A positioned, bounded view of one YAML document: maps, lists and scalars with their source ranges.
// Aliases are expanded under a budget (a YAML bomb stops with LimitError); nesting depth is bounded.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';

/** A scalar value as `yaml` parsed it (core schema). */
export type ScalarValue = string | number | boolean | null | bigint;

interface NodeBase {
  /** UTF-16 offsets of the node in the text (for an alias expansion, the alias's own range). */
  readonly start: number;
  readonly end: number;
}

/** A YAML map. */
export interface TMap extends NodeBase {
  readonly kind: 'map';
  readonly entries: readonly TEntry[];
}

/** A YAML list. */
export interface TSeq extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly TNode[];
}

/** A YAML scalar (an empty value such as `key:` is a null scalar with an empty range). */
export interface TScalar extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** The source node (block/quoted style and source text), for mapping positions inside strings. */
  readonly yaml?: Scalar;
}

/** One key/value of a map; keys are read as strings. */
export interface TEntry {
  readonly key: string;
  readonly keyNode: TScalar;
  readonly value: TNode;
  /** The value's `yaml` node (for the annotation check, which inspects the raw node). */
  readonly yamlValue: unknown;
}

/** Any node of the view. */
export type TNode = TMap | TSeq | TScalar;

/** Why a document could not be viewed. */
export class LimitError extends Error {
  constructor(
    readonly code: 'yaml-alias-limit' | 'yaml-depth-limit' | 'yaml-node-limit',
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Budget for building one view. */
export interface TreeLimits {
  readonly maxAliases: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
}

/** A duplicate key found while building (yaml is parsed with uniqueKeys off: a Set is linear). */
export interface DuplicateKey {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** Builds the view of a document's contents; throws LimitError when a limit is hit. */
export function buildTree(
  doc: Document,
  limits: TreeLimits,
  duplicates: DuplicateKey[] = [],
): TNode | undefined {
  let aliases = 0;
  let nodes = 0;
  const visit = (node: unknown, depth: number, at: readonly [number, number] | undefined): TNode => {
    if (++nodes > limits.maxNodes) {
      const r = at ?? rangeOf(node);
      throw new LimitError('yaml-node-limit', `the document has more than ${limits.maxNodes} nodes; split it`, r[0], r[1]);
    }
    if (isAlias(node)) {
      const r = at ?? rangeOf(node);
      if (++aliases > limits.maxAliases) {
        throw new LimitError(
          'yaml-alias-limit',
          `more than ${limits.maxAliases} alias expansions (\`*name\`): the document looks like a YAML bomb; write the values out instead`,
          r[0],
          r[1],
        );
      }
      const target = node.resolve(doc);
      if (target === undefined) return { kind: 'scalar', value: null, start: r[0], end: r[1] };
      return visit(target, depth, r);
    }
    const [start, end] = at ?? rangeOf(node);
    if (depth > limits.maxDepth) {
      throw new LimitError('yaml-depth-limit', `nesting deeper than ${limits.maxDepth} levels; flatten the document`, start, end);
    }
    if (isMap(node)) {
      const entries: TEntry[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyView = visit(pair.key ?? null, depth + 1, at);
        const key = keyView.kind === 'scalar' ? String(keyView.value ?? '') : '';
        const keyNode: TScalar = keyView.kind === 'scalar' ? keyView : { kind: 'scalar', value: key, start: keyView.start, end: keyView.end };
        if (seen.has(key)) duplicates.push({ key, start: keyNode.start, end: keyNode.end });
        seen.add(key);
        const value =
          pair.value === null || pair.value === undefined
            ? ({ kind: 'scalar', value: null, start: keyNode.end, end: keyNode.end } as TScalar)
            : visit(pair.value, depth + 1, at);
        entries.push({ key, keyNode, value, yamlValue: pair.value });
      }
      return { kind: 'map', entries, start, end };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((i) => visit(i ?? null, depth + 1, at)), start, end };
    }
    if (isScalar(node)) {
      const v = node.value;
      const value: ScalarValue =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v : v === null || v === undefined ? null : String(v);
      return { kind: 'scalar', value, start, end, yaml: at ? undefined : node };
    }
    return { kind: 'scalar', value: null, start, end };
  };
  if (doc.contents === null || doc.contents === undefined) return undefined;
  return visit(doc.contents, 0, undefined);
}

function rangeOf(node: unknown): [number, number] {
  const r = (node as Node | null)?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

/** The entry of a map by key. */
export function entry(node: TNode | undefined, key: string): TEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

/** The value of a map by key (a path of keys walks nested maps). */
export function get(node: TNode | undefined, ...path: string[]): TNode | undefined {
  let cur = node;
  for (const key of path) cur = entry(cur, key)?.value;
  return cur;
}

/** A map's value when it is a map. */
export function getMap(node: TNode | undefined, ...path: string[]): TMap | undefined {
  const v = get(node, ...path);
  return v?.kind === 'map' ? v : undefined;
}

/** A list's items (empty when absent or not a list). */
export function items(node: TNode | undefined): readonly TNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

/** A string value (numbers and booleans as written are not strings). */
export function str(node: TNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Any scalar as text (null → undefined). */
export function text(node: TNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** True when the node is absent or a null scalar (`key:` with nothing). */
export function isEmpty(node: TNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

/** Converts a view to plain data (for code that wants values, e.g. the conversion). */
export function toPlain(node: TNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return typeof node.value === 'bigint' ? Number(node.value) : node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}
