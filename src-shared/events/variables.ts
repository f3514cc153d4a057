// The documented event variables a Pipeline param can bind by name.
import type { NormalizedEvent } from './types';

/** Variables available to Pipeline params (param name = variable name). */
export const EVENT_VARIABLES: readonly { readonly name: string; readonly description: string }[] = [];

/** Values of the event variables for one event; variables without a value are absent. */
export function eventVariables(_event: NormalizedEvent): Record<string, string> {
  throw new Error('not implemented');
}
