// The pipeline scaffolder: PIPE's best-practice ci/build/cd pipelines for a stack.
export { scaffoldPipelines, dnsLabel, type ScaffoldFile, type ScaffoldOptions } from './scaffold';
export { STACKS, stackById, type Stack, type StackId } from './stacks';
