// Public API of the pipeline preview helpers: read Pipelines from YAML, their graph, the trigger simulator, the run preview.
export * from './pipeline-source';
export * from './pipeline-graph';
export * from './simulated-event';
export * from './trigger-simulator';
export * from './run-preview';
export * from './real-delivery';
export * from './manual-run';
