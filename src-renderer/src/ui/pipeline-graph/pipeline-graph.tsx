// The pipeline DAG (shared by the editor preview and the run page): left to right, keyboard navigable, click → callback.
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { Background, MarkerType, ReactFlow, ReactFlowProvider, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './pipeline-graph.css';
import type { GraphNode, PipelineGraph } from '../../../../src-shared/pipelines/pipeline-graph';
import { layoutPipelineGraph } from './graph-layout';
import type { NodeDecoration } from './node-decoration';
import { TaskNode, type TaskFlowNode } from './task-node';

/** Props of PipelineGraphView. */
export interface PipelineGraphProps {
  readonly graph: PipelineGraph;
  /** Worst diagnostic per node id (e.g. from `problemsByNode`): the node is marked. */
  readonly problems?: ReadonlyMap<string, 'error' | 'warning'>;
  /** Run status and duration per node id (the pipeline task name): the run page's decoration. */
  readonly decorations?: ReadonlyMap<string, NodeDecoration>;
  /** The node shown as selected. */
  readonly selectedId?: string;
  /** Click, Enter or Space on a node (the editor jumps to its YAML; the run page opens its TaskRun). */
  readonly onNodeActivate?: (node: GraphNode) => void;
  /** Accessible name of the graph. */
  readonly label?: string;
}

const nodeTypes = { task: TaskNode };
const NO_PROBLEMS: ReadonlyMap<string, 'error' | 'warning'> = new Map();
const NO_DECORATIONS: ReadonlyMap<string, NodeDecoration> = new Map();

/** Draws a pipeline graph; arrow keys move between tasks in layout order, Enter activates. */
export function PipelineGraphView(props: PipelineGraphProps): ReactElement {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ graph, problems = NO_PROBLEMS, decorations = NO_DECORATIONS, selectedId, onNodeActivate, label }: PipelineGraphProps): ReactElement {
  const layout = useMemo(() => layoutPipelineGraph(graph), [graph]);
  const onActivateRef = useRef(onNodeActivate);
  onActivateRef.current = onNodeActivate;
  const activate = useCallback((task: GraphNode) => onActivateRef.current?.(task), []);
  // Keyboard order: column by column (x), top to bottom (y).
  const order = useMemo(
    () => graph.nodes.map((n) => n.id).sort((a, b) => {
      const pa = layout.nodes.get(a)!;
      const pb = layout.nodes.get(b)!;
      return pa.x - pb.x || pa.y - pb.y;
    }),
    [graph, layout],
  );
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const tabStop = focusId && order.includes(focusId) ? focusId : (selectedId && order.includes(selectedId) ? selectedId : order[0]);

  const nodes = useMemo<TaskFlowNode[]>(
    () => graph.nodes.map((task) => {
      const p = layout.nodes.get(task.id)!;
      return {
        id: task.id,
        type: 'task',
        position: { x: p.x, y: p.y },
        width: p.width,
        height: p.height,
        draggable: false,
        selectable: false,
        focusable: false,
        data: {
          task,
          problem: problems.get(task.id),
          decoration: decorations.get(task.id),
          selected: task.id === selectedId,
          tabIndex: task.id === tabStop ? 0 : -1,
          onActivate: activate,
        },
      };
    }),
    [graph, layout, problems, decorations, selectedId, tabStop, activate],
  );
  const edges = useMemo<Edge[]>(
    () => graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      focusable: false,
      selectable: false,
      className: `pg-edge pg-edge--${e.kind}`,
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      ...(e.kind === 'result' ? { style: { strokeDasharray: '6 4' } } : {}),
      ...(e.results.length ? { ariaLabel: `${e.target} uses results ${e.results.join(', ')} of ${e.source}` } : {}),
    })),
    [graph],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target as HTMLElement;
    const current = target.closest<HTMLElement>('[data-graph-node]')?.dataset['graphNode'];
    if (!current) return;
    const i = order.indexOf(current);
    let next: number;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = Math.min(order.length - 1, i + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = order.length - 1;
    else return;
    event.preventDefault();
    event.stopPropagation();
    const id = order[next]!;
    setFocusId(id);
    event.currentTarget.querySelector<HTMLElement>(`[data-graph-node="${CSS.escape(id)}"]`)?.focus();
  };

  return (
    <div className="pipeline-graph" role="group" aria-label={label ?? `Pipeline ${graph.pipeline}: ${graph.nodes.length} tasks`} onKeyDown={onKeyDown}>
      {graph.nodes.length === 0 ? (
        <p className="pipeline-graph__empty">This pipeline has no tasks yet.</p>
      ) : (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.1, maxZoom: 1 }}
          minZoom={0.1}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          disableKeyboardA11y
          colorMode="system"
        >
          <Background gap={24} size={1} />
        </ReactFlow>
      )}
    </div>
  );
}
