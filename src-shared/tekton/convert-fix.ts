// The quick fix attached to the v1beta1 deprecation warning (first version: none until the conversion lands).
import type { ParsedDocument } from './documents';
import type { Reporter } from './report';
import type { QuickFix } from './types';

/** A fix replacing the document with its v1 conversion, when the conversion succeeds. */
export function deprecationFix(_text: string, _doc: ParsedDocument, _report: Reporter): QuickFix[] | undefined {
  return undefined;
}
