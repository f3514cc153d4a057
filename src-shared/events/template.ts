// Builds a Tekton PipelineRun (as data) for a Pipeline and a normalized event.
import type { NormalizedEvent } from './types';
import type { PipelineInput, PipelineRunObject, TemplateOptions } from './template-types';

/** Deterministic PipelineRun name for a pipeline and delivery id (≤ 63 chars, DNS label). */
export function pipelineRunName(_pipeline: string, _deliveryId: string): string {
  throw new Error('not implemented');
}

/** Builds the PipelineRun; throws TemplateError (e.g. a required param without a value). */
export function templatePipelineRun(
  _pipeline: PipelineInput,
  _event: NormalizedEvent,
  _opts: TemplateOptions,
): PipelineRunObject {
  throw new Error('not implemented');
}
