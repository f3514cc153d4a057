import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, PipelineGraph } from '../../../../src-shared/pipelines/pipeline-graph';
import { layoutPipelineGraph, overlaps } from './graph-layout';

const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const node = (id: string, section: 'tasks' | 'finally' = 'tasks', extra: Partial<GraphNode> = {}): GraphNode => ({
  id, name: id, section, runs: 't', when: [], matrix: undefined, range, nameRange: range, ...extra,
});
const edge = (source: string, target: string, kind: GraphEdge['kind'] = 'runAfter'): GraphEdge => ({ id: `${source}->${target}`, source, target, kind, results: [] });

/** 100 tasks: a fan-out/fan-in lattice with some result references, plus 5 finally tasks. */
function bigGraph(): PipelineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < 95; i++) {
    nodes.push(node(`t${i}`, 'tasks', i % 7 === 0 ? { when: [{ text: 'x in [y]' }] } : {}));
    if (i > 0) edges.push(edge(`t${Math.floor((i - 1) / 3)}`, `t${i}`));
    if (i > 10 && i % 5 === 0) edges.push(edge(`t${i - 10}`, `t${i}`, 'result'));
  }
  for (let i = 0; i < 5; i++) nodes.push(node(`f${i}`, 'finally'));
  edges.push(edge('t3', 'f0', 'result'));
  return { pipeline: 'big', nodes, edges };
}

describe('layoutPipelineGraph', () => {
  it('places 100 tasks without overlapping boxes', () => {
    const layout = layoutPipelineGraph(bigGraph());
    const boxes = [...layout.nodes.values()];
    expect(boxes).toHaveLength(100);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.id} overlaps ${boxes[j]!.id}`).toBe(false);
      }
    }
    for (const b of boxes) {
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('goes left to right and puts finally tasks in their own last column', () => {
    const layout = layoutPipelineGraph(bigGraph());
    const x = (id: string) => layout.nodes.get(id)!.x;
    expect(x('t1')).toBeGreaterThan(x('t0'));
    expect(x('t4')).toBeGreaterThan(x('t1'));
    const lastRegular = Math.max(...[...layout.nodes.values()].filter((b) => b.id.startsWith('t')).map((b) => b.x + b.width));
    for (let i = 0; i < 5; i++) expect(x(`f${i}`)).toBeGreaterThan(lastRegular);
    expect(new Set([0, 1, 2, 3, 4].map((i) => x(`f${i}`))).size).toBe(1);
  });

  it('lays out only finally tasks, and nothing', () => {
    expect([...layoutPipelineGraph({ pipeline: 'p', nodes: [node('f', 'finally')], edges: [] }).nodes.keys()]).toEqual(['f']);
    expect(layoutPipelineGraph({ pipeline: 'p', nodes: [], edges: [] }).nodes.size).toBe(0);
  });
});
