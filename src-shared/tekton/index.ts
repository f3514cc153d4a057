// Public API of the Tekton linter (pure TypeScript): lint a YAML file's text, read its pipeline graphs.
export * from './types';
export { lintText, analyzeText, TEKTON_KINDS, type TektonKind, type LintResult, type LintedDocument } from './lint';
export type { PipelineGraph, GraphEdge } from './pipeline-graph';
export { LineIndex, type Position } from './positions';
export { parseDuration } from './durations';
export { convertToV1, type ConversionResult } from './convert';
export { TEKTON_SCHEMA, TEKTON_SCHEMA_VERSION } from './schema/validate';
export { clusterSchemaFromCrds, clusterSchemaFromOpenApi, mergeClusterSchemas, type ClusterSchema, type FieldTree } from './schema/cluster-schema';
