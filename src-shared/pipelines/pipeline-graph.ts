// The DAG of a Pipeline for the live preview: tasks, runAfter and result-reference edges, finally, when guards, matrix.
import type { PipelineSource, SourceRange, TaskSource } from './pipeline-source';
import { isRecord } from './pipeline-source';

/** A `when` guard as shown on a node. */
export interface WhenGuard {
  /** e.g. "$(params.branch) in [main]" or "cel: …". */
  readonly text: string;
}

/** Matrix fan-out of a task. */
export interface MatrixFanOut {
  readonly params: readonly string[];
  /** Number of TaskRuns when every matrix value is a literal list (product of lengths + include entries); undefined when a value is a reference. */
  readonly combinations: number | undefined;
}

/** A task of the pipeline. */
export interface GraphNode {
  /** The task name (unique in a valid pipeline; duplicates get `#2`, `#3` suffixes here). */
  readonly id: string;
  readonly name: string;
  readonly section: 'tasks' | 'finally';
  /** What it runs: `taskRef.name`, `resolver: git`, `taskSpec` (inline) or `pipelineRef`. */
  readonly runs: string;
  readonly when: readonly WhenGuard[];
  readonly matrix: MatrixFanOut | undefined;
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
}

/** An edge between two tasks: `runAfter` (solid) or a result reference (dashed). */
export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: 'runAfter' | 'result';
  /** For result edges: the results referenced, e.g. ["digest"]. */
  readonly results: readonly string[];
}

/** The pipeline graph; edges only between existing tasks (unknown names are the linter's business). */
export interface PipelineGraph {
  readonly pipeline: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const RESULT_REF = /\$\(tasks\.([^.\s()]+)\.results\.([^.\s()[\]]+)/g;

/** Builds the graph of one Pipeline. */
export function buildPipelineGraph(pipeline: PipelineSource): PipelineGraph {
  const nodes: GraphNode[] = [];
  const seen = new Map<string, number>();
  for (const t of pipeline.tasks) {
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    nodes.push({
      id: n === 1 ? t.name : `${t.name}#${n}`,
      name: t.name,
      section: t.section,
      runs: describeRuns(t.data),
      when: whenGuards(t.data['when']),
      matrix: matrixOf(t.data['matrix']),
      range: t.range,
      nameRange: t.nameRange,
    });
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const resultEdges = new Map<string, { source: string; target: string; results: string[] }>();
  pipeline.tasks.forEach((t, i) => {
    const target = nodes[i]!.id;
    const runAfter = t.data['runAfter'];
    if (Array.isArray(runAfter)) {
      for (const dep of runAfter) {
        if (typeof dep !== 'string' || !ids.has(dep) || dep === target) continue;
        const id = `${dep}->${target}`;
        if (edgeIds.has(id)) continue;
        edgeIds.add(id);
        edges.push({ id, source: dep, target, kind: 'runAfter', results: [] });
      }
    }
    for (const [dep, result] of resultRefs(t)) {
      if (!ids.has(dep) || dep === target) continue;
      const key = `${dep}=>${target}`;
      const e = resultEdges.get(key) ?? { source: dep, target, results: [] };
      if (!e.results.includes(result)) e.results.push(result);
      resultEdges.set(key, e);
    }
  });
  for (const [key, e] of resultEdges) {
    // A task both in runAfter and referenced by result keeps the solid edge, labelled with the results.
    const solid = edges.findIndex((x) => x.id === `${e.source}->${e.target}`);
    if (solid >= 0) edges[solid] = { ...edges[solid]!, results: e.results };
    else edges.push({ id: key, source: e.source, target: e.target, kind: 'result', results: e.results });
  }
  return { pipeline: pipeline.name, nodes, edges };
}

function describeRuns(data: Readonly<Record<string, unknown>>): string {
  const ref = data['taskRef'];
  if (isRecord(ref)) {
    if (typeof ref['name'] === 'string') return ref['name'];
    if (typeof ref['resolver'] === 'string') {
      const params = Array.isArray(ref['params']) ? ref['params'] : [];
      const named = params.find((p) => isRecord(p) && (p['name'] === 'name' || p['name'] === 'pathInRepo'));
      const what = isRecord(named) && typeof named['value'] === 'string' ? ` ${named['value']}` : '';
      return `${ref['resolver']}:${what}`.replace(/:$/, '');
    }
  }
  if (isRecord(data['taskSpec'])) return 'inline taskSpec';
  if (isRecord(data['pipelineRef']) || isRecord(data['pipelineSpec'])) return 'pipeline';
  return '?';
}

function whenGuards(when: unknown): WhenGuard[] {
  if (!Array.isArray(when)) return [];
  return when.flatMap((w): WhenGuard[] => {
    if (!isRecord(w)) return [];
    if (typeof w['cel'] === 'string') return [{ text: `cel: ${w['cel']}` }];
    const values = Array.isArray(w['values']) ? w['values'].map(String).join(', ') : '';
    return [{ text: `${String(w['input'] ?? '')} ${String(w['operator'] ?? '')} [${values}]` }];
  });
}

function matrixOf(matrix: unknown): MatrixFanOut | undefined {
  if (!isRecord(matrix)) return undefined;
  const params = Array.isArray(matrix['params']) ? matrix['params'].filter(isRecord) : [];
  const include = Array.isArray(matrix['include']) ? matrix['include'].length : 0;
  let product: number | undefined = params.length > 0 ? 1 : 0;
  for (const p of params) {
    const v = p['value'];
    product = Array.isArray(v) && product !== undefined ? product * v.length : undefined;
  }
  return {
    params: params.map((p) => String(p['name'] ?? '')),
    combinations: product === undefined ? undefined : product + include,
  };
}

// Result references in the fields Tekton derives dependencies from: params, matrix and when.
function resultRefs(task: TaskSource): [string, string][] {
  const out: [string, string][] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 20) return;
    if (typeof v === 'string') {
      for (const m of v.matchAll(RESULT_REF)) out.push([m[1]!, m[2]!]);
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
    } else if (isRecord(v)) {
      for (const x of Object.values(v)) visit(x, depth + 1);
    }
  };
  visit(task.data['params'], 0);
  visit(task.data['matrix'], 0);
  visit(task.data['when'], 0);
  return out;
}

/** A problem to mark on the graph (from the linter), with its 1-based line range in the file. */
export interface RangedProblem {
  readonly severity: 'error' | 'warning' | 'info';
  readonly line: number;
  readonly endLine: number;
}

/** Worst severity of the problems inside each task's lines, by node id. */
export function problemsByNode(
  graph: PipelineGraph,
  problems: readonly RangedProblem[],
): ReadonlyMap<string, 'error' | 'warning'> {
  const out = new Map<string, 'error' | 'warning'>();
  for (const p of problems) {
    if (p.severity === 'info') continue;
    // The innermost task containing the problem's first line owns it.
    const node = graph.nodes.find((n) => p.line >= n.range.line && p.line <= n.range.endLine);
    if (!node) continue;
    if (out.get(node.id) !== 'error') out.set(node.id, p.severity);
  }
  return out;
}
