// What every rule receives: the reporter, the file text and the document's API version.
import type { Reporter } from './report';

/** Rule context for one document. */
export interface RuleContext {
  readonly report: Reporter;
  readonly text: string;
  readonly version: 'v1' | 'v1beta1';
}
