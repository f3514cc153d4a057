// The quick fix attached to the v1beta1 deprecation warning: replace the document with its v1 conversion.
import { convertDocument } from './convert';
import type { ParsedDocument } from './documents';
import type { Reporter } from './report';
import type { QuickFix } from './types';

/** A fix replacing the document with its v1 conversion (undefined when the document cannot be converted). */
export function deprecationFix(text: string, doc: ParsedDocument, report: Reporter): QuickFix[] | undefined {
  const copy = doc.yaml.clone();
  if (!convertDocument(copy)) return undefined;
  // The first document's text starts at 0 (its leading comments belong to it); later ones at their `---`.
  const start = doc.index === 0 ? 0 : doc.start;
  const end = Math.min(doc.end, text.length);
  let replacement = copy.toString({ lineWidth: 0, flowCollectionPadding: false });
  if (end === text.length && !text.endsWith('\n')) replacement = replacement.replace(/\n$/, '');
  return [{ title: 'Convert to tekton.dev/v1', edits: [report.edit(start, end, replacement)] }];
}
