// Public API of the event module: parse the `pipe.linecorp.com/event` annotation, normalize webhooks, match, explain, template.
export * from './types';
export * from './template-types';
export { compileGlob, GlobSyntaxError, type Glob } from './glob';
export { evaluateFilter, type FilterVerdict } from './filters';
export { validateCron } from './cron';
export { parseTriggers, diagnoseAnnotationNode } from './parse';
export { normalizeWebhook, SUPPORTED_WEBHOOK_EVENTS } from './normalize';
export { matchEvent, needsChangedFiles } from './match';
export { explainAll, type PipelineMatch } from './explain';
export { EVENT_VARIABLES, eventVariables } from './variables';
export { templatePipelineRun, pipelineRunName } from './template';
export { sha256Hex } from './hash';
