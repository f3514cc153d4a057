// The pipeline graph component and its layout (shared by the editor preview and the run page).
export { PipelineGraphView, type PipelineGraphProps } from './pipeline-graph';
export { layoutPipelineGraph, overlaps, type GraphLayout, type PlacedNode } from './graph-layout';
export { formatDuration, type NodeDecoration, type NodeRunStatus } from './node-decoration';
