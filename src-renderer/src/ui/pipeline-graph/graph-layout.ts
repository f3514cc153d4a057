// Left-to-right layout of a pipeline graph with dagre; finally tasks get their own last column.
import dagre from '@dagrejs/dagre';
import type { GraphNode, PipelineGraph } from '../../../../src-shared/pipelines/pipeline-graph';

/** Box size of a node on the canvas. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 56;
/** Extra height for a node that shows a when/matrix line. */
export const NODE_BADGE_HEIGHT = 18;

const RANK_GAP = 60;
const NODE_GAP = 20;

/** A placed node (top-left corner). */
export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Positions of every node, and the canvas size. */
export interface GraphLayout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly width: number;
  readonly height: number;
}

/** The height a node needs. */
export function nodeHeight(node: GraphNode): number {
  return NODE_HEIGHT + (node.when.length > 0 || node.matrix ? NODE_BADGE_HEIGHT : 0);
}

/** Lays out `graph` left to right; a pure function of the graph (same input, same positions). */
export function layoutPipelineGraph(graph: PipelineGraph): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const regular = graph.nodes.filter((n) => n.section === 'tasks');
  const finals = graph.nodes.filter((n) => n.section === 'finally');
  for (const n of regular) g.setNode(n.id, { width: NODE_WIDTH, height: nodeHeight(n) });
  const regularIds = new Set(regular.map((n) => n.id));
  for (const e of graph.edges) {
    if (regularIds.has(e.source) && regularIds.has(e.target)) g.setEdge(e.source, e.target);
  }
  const placed = new Map<string, PlacedNode>();
  let right = 16;
  let bottom = 16;
  if (regular.length > 0) {
    dagre.layout(g);
    for (const n of regular) {
      const p = g.node(n.id);
      const box = { id: n.id, x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
      placed.set(n.id, box);
      right = Math.max(right, box.x + box.width);
      bottom = Math.max(bottom, box.y + box.height);
    }
  }
  // Finally tasks run after everything else: one column to the right, stacked from the top.
  const finallyX = regular.length > 0 ? right + RANK_GAP : 16;
  let y = 16;
  for (const n of finals) {
    const box = { id: n.id, x: finallyX, y, width: NODE_WIDTH, height: nodeHeight(n) };
    placed.set(n.id, box);
    y += box.height + NODE_GAP;
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { nodes: placed, width: right + 16, height: bottom + 16 };
}

/** True when two boxes overlap (touching edges do not count). */
export function overlaps(a: PlacedNode, b: PlacedNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
