// Public API of the event module: parse the `pipe.linecorp.com/event` annotation, normalize webhooks, match, explain, template.
export * from './types';
export * from './template-types';
export { compileGlob, parseGlob, GlobSyntaxError, type Glob, type GlobAtom } from './glob';
export {
  evaluateFilter,
  decidingPattern,
  compilePatterns,
  type FilterVerdict,
  type PatternProblem,
} from './filters';
export { validateCron, parseCron, minuteInterval, type CronFields } from './cron';
export { parseTriggers, diagnoseAnnotationNode, type ParseResult, type AnnotationNodeProblem } from './parse';
export { ACTIVITY_TYPES, DEFAULT_TYPES, EVENT_KEYS, UNSUPPORTED_GITHUB_EVENTS } from './schema';
export {
  normalizeWebhook,
  normalizeRepository,
  scheduleEvent,
  parseRef,
  SUPPORTED_WEBHOOK_EVENTS,
} from './normalize';
export { matchEvent, isMatch, needsChangedFiles, MAX_CONSIDERED_FILES, SKIP_CI_MARKERS } from './match';
export { explainAll, formatExplanations, describeEvent, type PipelineMatch } from './explain';
export { EVENT_VARIABLES, eventVariables, type EventVariable } from './variables';
export {
  templatePipelineRun,
  pipelineRunName,
  labelValue,
  RUN_KEYS,
  DEFAULT_WORKSPACE_BINDING,
} from './template';
export { sha256Hex } from './hash';
export {
  validateDispatchInputs,
  dispatchInputsOf,
  DISPATCH_MAX_INPUTS,
  DISPATCH_MAX_INPUT_CHARS,
  type DispatchInputProblem,
  type DispatchInputsResult,
} from './dispatch-inputs';
