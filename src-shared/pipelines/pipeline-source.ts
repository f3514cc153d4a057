// Reads the Tekton Pipelines of a YAML file (many documents) with the source range of each task, for the live preview.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { EVENT_ANNOTATION } from '../events/types';

/** A 1-based range in the file. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One pipeline task (under `tasks` or `finally`) as written, with where it is. */
export interface TaskSource {
  readonly name: string;
  readonly section: 'tasks' | 'finally';
  /** The task's plain data (`name`, `taskRef`, `params`, `runAfter`, `when`, `matrix`, …). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The whole task item. */
  readonly range: SourceRange;
  /** The `name:` value (where "jump to YAML" puts the cursor); the item start when the name is missing. */
  readonly nameRange: SourceRange;
}

/** The event annotation of a Pipeline: its text, or why it is not usable text. */
export type AnnotationSource =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'not-a-string'; readonly node: unknown };

/** A `kind: Pipeline` document of a file. */
export interface PipelineSource {
  readonly name: string;
  /** 0-based index of the document in the file. */
  readonly documentIndex: number;
  readonly apiVersion: string;
  /** The whole document as plain data (aliases expanded within limits). */
  readonly doc: Readonly<Record<string, unknown>>;
  readonly annotation: AnnotationSource;
  readonly tasks: readonly TaskSource[];
  readonly range: SourceRange;
}

/** What a file held: its Pipelines, and why some documents could not be read. */
export interface PipelineFile {
  readonly pipelines: readonly PipelineSource[];
  /** YAML errors and limits hit (the linter reports them in detail; the preview only needs to know). */
  readonly problems: readonly string[];
}

/** Limits that keep the preview bounded on hostile files. */
export const PREVIEW_LIMITS = {
  maxChars: 5 * 1024 * 1024,
  maxDocuments: 500,
  maxAliasCount: 100,
  maxTasks: 1000,
} as const;

/** Finds the Pipelines of `text`; never throws. */
export function readPipelineFile(text: string): PipelineFile {
  if (text.length > PREVIEW_LIMITS.maxChars) {
    return { pipelines: [], problems: [`the file is larger than ${PREVIEW_LIMITS.maxChars / 1024 / 1024} MB; no preview`] };
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false }) as Document.Parsed[];
  } catch (err) {
    return { pipelines: [], problems: [`the file is not YAML: ${(err as Error).message}`] };
  }
  if (!Array.isArray(docs)) return { pipelines: [], problems: ['the file is not YAML'] };
  const problems: string[] = [];
  if (docs.length > PREVIEW_LIMITS.maxDocuments) {
    problems.push(`only the first ${PREVIEW_LIMITS.maxDocuments} of ${docs.length} documents are previewed`);
  }
  const pipelines: PipelineSource[] = [];
  const rangeOf = (start: number, end: number): SourceRange => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  docs.slice(0, PREVIEW_LIMITS.maxDocuments).forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) {
      problems.push(`document ${documentIndex + 1}: ${doc.errors[0]!.message.split('\n')[0]}`);
      return;
    }
    const root = doc.contents;
    if (!isMap(root) || (root.get('kind') as unknown) !== 'Pipeline') return;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: PREVIEW_LIMITS.maxAliasCount });
    } catch (err) {
      problems.push(`document ${documentIndex + 1}: ${(err as Error).message}`);
      return;
    }
    if (!isRecord(data)) return;
    const metadata = isRecord(data['metadata']) ? data['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const tasks: TaskSource[] = [];
    for (const section of ['tasks', 'finally'] as const) {
      const seq = doc.getIn(['spec', section], true);
      if (!isSeq(seq)) continue;
      for (const item of seq.items) {
        if (tasks.length >= PREVIEW_LIMITS.maxTasks) break;
        if (!isMap(item) || !item.range) continue;
        let plain: unknown;
        try {
          plain = (item as Node).toJS(doc, { maxAliasCount: PREVIEW_LIMITS.maxAliasCount });
        } catch {
          continue;
        }
        if (!isRecord(plain)) continue;
        const nameNode = item.get('name', true);
        const taskName = typeof plain['name'] === 'string' ? plain['name'] : '';
        const nr = isScalar(nameNode) && nameNode.range ? nameNode.range : item.range;
        tasks.push({
          name: taskName,
          section,
          data: plain,
          range: rangeOf(item.range[0], item.range[1]),
          nameRange: rangeOf(nr[0], nr[1]),
        });
      }
    }
    const annotationNode = doc.getIn(['metadata', 'annotations', EVENT_ANNOTATION], true);
    const annotation: AnnotationSource =
      annotationNode === undefined
        ? { kind: 'missing' }
        : isScalar(annotationNode) && typeof annotationNode.value === 'string'
          ? { kind: 'text', text: annotationNode.value }
          : { kind: 'not-a-string', node: annotationNode };
    const r = root.range ?? [0, 0, 0];
    pipelines.push({
      name,
      documentIndex,
      apiVersion: typeof data['apiVersion'] === 'string' ? data['apiVersion'] : '',
      doc: data,
      annotation,
      tasks,
      range: rangeOf(r[0], r[1]),
    });
  });
  return { pipelines, problems };
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
