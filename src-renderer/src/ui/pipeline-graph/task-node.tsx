// One task box of the pipeline graph: name, what it runs, when/matrix badges, problems and run status.
import { memo, type ReactElement } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphNode } from '../../../../src-shared/pipelines/pipeline-graph';
import type { NodeDecoration } from './node-decoration';
import { formatDuration } from './node-decoration';

/** Data of a task node on the canvas. */
export interface TaskNodeData extends Record<string, unknown> {
  readonly task: GraphNode;
  readonly problem: 'error' | 'warning' | undefined;
  readonly decoration: NodeDecoration | undefined;
  readonly selected: boolean;
  readonly tabIndex: 0 | -1;
  readonly onActivate: (task: GraphNode) => void;
}

export type TaskFlowNode = Node<TaskNodeData, 'task'>;

function TaskNodeView({ data }: NodeProps<TaskFlowNode>): ReactElement {
  const { task, problem, decoration, selected } = data;
  const badges: string[] = [];
  if (task.when.length > 0) badges.push(`◇ when ${task.when.length === 1 ? task.when[0]!.text : `(${task.when.length})`}`);
  if (task.matrix) badges.push(`▦ matrix ×${task.matrix.combinations ?? '?'}`);
  const label = [
    `${task.section === 'finally' ? 'finally task' : 'task'} ${task.name}`,
    `runs ${task.runs}`,
    ...task.when.map((w) => `when ${w.text}`),
    ...(task.matrix ? [`matrix over ${task.matrix.params.join(', ')}`] : []),
    ...(problem ? [`has ${problem === 'error' ? 'errors' : 'warnings'}`] : []),
    ...(decoration ? [decoration.status, ...(decoration.durationMs !== undefined ? [formatDuration(decoration.durationMs)] : [])] : []),
  ].join(', ');
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <button
        type="button"
        className="pg-node"
        data-graph-node={task.id}
        data-section={task.section}
        data-problem={problem}
        data-status={decoration?.status}
        aria-pressed={selected}
        aria-label={label}
        title={decoration?.detail ?? label}
        tabIndex={data.tabIndex}
        onClick={() => data.onActivate(task)}
      >
        <span className="pg-node__head">
          {problem && <span className={`pg-node__problem pg-node__problem--${problem}`} aria-hidden="true">{problem === 'error' ? '✖' : '⚠'}</span>}
          <span className="pg-node__name">{task.name || '(no name)'}</span>
          {decoration && (
            <span className="pg-node__status" aria-hidden="true">
              {decoration.durationMs !== undefined ? formatDuration(decoration.durationMs) : decoration.status}
            </span>
          )}
        </span>
        <span className="pg-node__runs">{task.runs}</span>
        {badges.length > 0 && <span className="pg-node__badges">{badges.join('  ')}</span>}
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

/** The custom node type registered with React Flow. */
export const TaskNode = memo(TaskNodeView);
