// The `pipe.linecorp.com/event` annotation on Pipelines: parseTriggers diagnostics mapped to file positions.
import { diagnoseAnnotationNode, EVENT_ANNOTATION, parseTriggers, type Diagnostic } from '../events';
import type { RuleContext } from './context';
import type { Ranged } from './report';
import { entry, get, type TNode, type TScalar } from './tree';

/** Checks the event annotation of a Pipeline; `inPipeFolder` turns a missing annotation into a warning. */
export function checkEventAnnotation(ctx: RuleContext, root: TNode, inPipeFolder: boolean): void {
  const annotations = get(root, 'metadata', 'annotations');
  const e = entry(annotations, EVENT_ANNOTATION);
  if (!e) {
    if (inPipeFolder) {
      const at = get(root, 'metadata', 'name') ?? get(root, 'kind') ?? root;
      ctx.report.warning(
        'event-annotation-missing',
        `this Pipeline is in .pipe/ but has no \`${EVENT_ANNOTATION}\` annotation, so no GitHub event runs it; add one, e.g. \`${EVENT_ANNOTATION}: push\``,
        at,
      );
    }
    return;
  }
  const problem = diagnoseAnnotationNode(e.yamlValue);
  if (problem) {
    const fixes = problem.suggestedValue === undefined ? undefined : [blockStringFix(ctx, e.keyNode, e.value, problem.suggestedValue)];
    ctx.report.error('event-annotation-not-string', problem.message, e.value, fixes);
    return;
  }
  if (e.value.kind !== 'scalar' || typeof e.value.value !== 'string') return;
  const value = e.value.value;
  const { diagnostics } = parseTriggers(value);
  for (const d of diagnostics) {
    const at = mapPosition(ctx.text, e.value, value, d);
    ctx.report.add(d.severity, 'event-annotation', d.message, at.start, at.end, suggestionFix(ctx, at, d.message, e.value));
  }
}

/** "did you mean `x`?" becomes a quick fix when the diagnostic points at exactly the misspelt word. */
function suggestionFix(ctx: RuleContext, at: Ranged, message: string, whole: TNode) {
  const near = /did you mean `([^`]+)`\?/.exec(message)?.[1];
  if (near === undefined || at === whole || !/^[A-Za-z_-]+$/.test(ctx.text.slice(at.start, at.end))) return undefined;
  return [{ title: `Change to \`${near}\``, edits: [ctx.report.edit(at.start, at.end, near)] }];
}

/** Replaces a map/list value with `|` and the suggested lines, indented under the key. */
function blockStringFix(ctx: RuleContext, key: TScalar, value: TNode, suggested: string) {
  const keyLine = ctx.report.lines.position(key.start);
  const indent = ' '.repeat(keyLine.column - 1 + 2);
  const body = suggested.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n');
  // From just after `key:` to the end of the value node: `: |\n<lines>`.
  const colon = ctx.text.indexOf(':', key.end);
  const start = colon >= 0 && colon < value.start ? colon + 1 : value.start;
  let end = value.end;
  while (end > start && /\s/.test(ctx.text[end - 1]!)) end--;
  return { title: 'Write the trigger as a block string (`|`)', edits: [ctx.report.edit(start, end, ` |\n${body}`)] };
}

/** Maps a position inside the annotation value to the file: exact for `|` blocks and escape-free one-line scalars. */
function mapPosition(text: string, node: TScalar, value: string, d: Diagnostic): Ranged {
  const y = node.yaml;
  if (y?.type === 'BLOCK_LITERAL') {
    const headerEnd = text.indexOf('\n', node.start);
    if (headerEnd >= 0) {
      const contentStart = headerEnd + 1;
      const lines = text.slice(contentStart, node.end).split('\n');
      const first = lines.find((l) => l.trim() !== '');
      const indent = first ? first.length - first.trimStart().length : 0;
      const offsetOf = (line: number, column: number): number => {
        let o = contentStart;
        for (let i = 0; i < line - 1 && i < lines.length; i++) o += lines[i]!.length + 1;
        return Math.min(node.end, o + indent + column - 1);
      };
      return { start: offsetOf(d.line, d.column), end: offsetOf(d.endLine, d.endColumn) };
    }
  }
  if ((y?.type === 'PLAIN' || y?.type === 'QUOTE_SINGLE' || y?.type === 'QUOTE_DOUBLE') && !value.includes('\n')) {
    const quoted = y.type !== 'PLAIN' ? 1 : 0;
    if (text.slice(node.start + quoted, node.start + quoted + value.length) === value) {
      return { start: node.start + quoted + d.column - 1, end: node.start + quoted + d.endColumn - 1 };
    }
  }
  return node;
}
