// The graph of a run's pipeline (from the spec Tekton resolved into the run's status), in the shape the shared
// pipeline graph component draws.
import type { GraphEdge, GraphNode, PipelineGraph } from '../pipelines/pipeline-graph';
import type { PipelineRun, PipelineTaskSpec } from './tekton-types';

const NO_RANGE = { line: 0, column: 0, endLine: 0, endColumn: 0 };
const RESULT_REF = /\$\(tasks\.([^.\s()]+)\.results\.([^.\s()[\]]+)/g;

function runsOf(t: PipelineTaskSpec): string {
  if (t.taskRef?.name) return t.taskRef.name;
  return 'taskSpec';
}

/** Nodes for tasks and finally tasks; runAfter and result-reference edges between existing tasks. */
export function runGraph(pr: PipelineRun): PipelineGraph {
  const spec = pr.status?.pipelineSpec ?? pr.spec?.pipelineSpec;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (t: PipelineTaskSpec, section: 'tasks' | 'finally'): void => {
    nodes.push({ id: t.name, name: t.name, section, runs: runsOf(t), when: [], matrix: undefined, range: NO_RANGE, nameRange: NO_RANGE });
  };
  for (const t of spec?.tasks ?? []) add(t, 'tasks');
  for (const t of spec?.finally ?? []) add(t, 'finally');
  const names = new Set(nodes.map((n) => n.id));
  for (const t of [...(spec?.tasks ?? []), ...(spec?.finally ?? [])]) {
    for (const a of t.runAfter ?? []) if (names.has(a)) edges.push({ id: `${a}->${t.name}`, source: a, target: t.name, kind: 'runAfter', results: [] });
    const refs = new Map<string, string[]>();
    for (const m of JSON.stringify(t.params ?? []).matchAll(RESULT_REF)) {
      if (!names.has(m[1]!) || (t.runAfter ?? []).includes(m[1]!)) continue;
      refs.set(m[1]!, [...(refs.get(m[1]!) ?? []), m[2]!]);
    }
    for (const [from, results] of refs) edges.push({ id: `${from}=>${t.name}`, source: from, target: t.name, kind: 'result', results });
  }
  return { pipeline: pr.spec?.pipelineRef?.name ?? pr.metadata.name, nodes, edges };
}
