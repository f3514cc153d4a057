// Matches one event against many pipelines, for status messages and the editor preview.
import type { MatchContext, MatchResult, NormalizedEvent, TriggerSpec } from './types';

/** One pipeline's outcome for an event. */
export interface PipelineMatch {
  readonly pipeline: string;
  readonly result: MatchResult;
}

/** Matches an event against each named spec; results in input order. */
export function explainAll(
  _pipelines: readonly { readonly name: string; readonly spec: TriggerSpec }[],
  _event: NormalizedEvent,
  _ctx?: MatchContext,
): PipelineMatch[] {
  throw new Error('not implemented');
}
