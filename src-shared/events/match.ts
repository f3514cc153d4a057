// Matches a NormalizedEvent against a TriggerSpec with GitHub's exact semantics.
import type { MatchContext, MatchResult, NormalizedEvent, TriggerSpec } from './types';

/** True when the event's outcome depends on a path filter, so the caller must fetch changed files. */
export function needsChangedFiles(_spec: TriggerSpec, _event: NormalizedEvent): boolean {
  throw new Error('not implemented');
}

/** Matches one event against one spec and explains the decision. */
export function matchEvent(_spec: TriggerSpec, _event: NormalizedEvent, _ctx?: MatchContext): MatchResult {
  throw new Error('not implemented');
}
