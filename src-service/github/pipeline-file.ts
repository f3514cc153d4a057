// One pipeline file from the repository → its annotated Tekton Pipelines, or problems naming file, line and cause.
import { isScalar, LineCounter, parseAllDocuments, Scalar, type Document } from 'yaml';
import {
  EVENT_ANNOTATION,
  parseTriggers,
  type PipelineInput,
  type TriggerSpec,
} from '../../src-shared/events';

/** A Pipeline with a valid event annotation. */
export interface LoadedPipeline {
  readonly file: string;
  readonly name: string;
  /** The whole Pipeline object as read (for embedding its spec in the run). */
  readonly object: PipelineInput & { readonly spec: Record<string, unknown> };
  readonly spec: TriggerSpec;
}

/** A problem that makes one file (or one Pipeline in it) unusable; the others still run. */
export interface PipelineFileError {
  readonly file: string;
  readonly line?: number;
  readonly pipeline?: string;
  readonly message: string;
}

/** What one file yielded. */
export interface ParsedPipelineFile {
  readonly pipelines: readonly LoadedPipeline[];
  readonly errors: readonly PipelineFileError[];
}

/** Parses every YAML document of a file; only `tekton.dev` Pipelines carrying the event annotation are kept. */
export function parsePipelineFile(file: string, text: string): ParsedPipelineFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  if (!Array.isArray(docs)) return { pipelines: [], errors: [] };
  const pipelines: LoadedPipeline[] = [];
  const errors: PipelineFileError[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      errors.push({
        file,
        line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line,
        message: `YAML: ${firstLine(e.message)}`,
      });
      continue;
    }
    const result = readPipeline(file, doc, lineCounter);
    if (result && 'error' in result) errors.push(result.error);
    else if (result) pipelines.push(result.pipeline);
  }
  return { pipelines, errors };
}

function readPipeline(
  file: string,
  doc: Document,
  lc: LineCounter,
): { pipeline: LoadedPipeline } | { error: PipelineFileError } | undefined {
  const value = doc.toJS({ maxAliasCount: 50 }) as unknown;
  if (!value || typeof value !== 'object') return undefined;
  const obj = value as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; annotations?: Record<string, unknown> };
    spec?: unknown;
  };
  if (
    obj.kind !== 'Pipeline' ||
    typeof obj.apiVersion !== 'string' ||
    !obj.apiVersion.startsWith('tekton.dev/')
  )
    return undefined;
  const annotation = obj.metadata?.annotations?.[EVENT_ANNOTATION];
  if (annotation === undefined) return undefined;
  const docLine = lineOf(doc.contents?.range?.[0], lc) ?? 1;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined;
  if (!name) return { error: { file, line: docLine, message: 'Pipeline has no metadata.name' } };
  const node = doc.getIn(['metadata', 'annotations', EVENT_ANNOTATION], true);
  const nodeLine = lineOf(isScalar(node) ? node.range?.[0] : undefined, lc) ?? docLine;
  if (typeof annotation !== 'string') {
    return {
      error: {
        file,
        line: nodeLine,
        pipeline: name,
        message: `annotation ${EVENT_ANNOTATION} must be a string (use a block scalar: \`${EVENT_ANNOTATION}: |\`)`,
      },
    };
  }
  if (
    obj.spec !== undefined &&
    (typeof obj.spec !== 'object' || obj.spec === null || Array.isArray(obj.spec))
  ) {
    return { error: { file, line: docLine, pipeline: name, message: 'Pipeline spec must be a mapping' } };
  }
  let parsed: ReturnType<typeof parseTriggers>;
  try {
    parsed = parseTriggers(annotation);
  } catch (err) {
    return {
      error: {
        file,
        line: nodeLine,
        pipeline: name,
        message: `cannot read ${EVENT_ANNOTATION}: ${(err as Error).message}`,
      },
    };
  }
  const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!parsed.spec || firstError) {
    // Block scalars (`|`) start their content on the line after the key; flow scalars on the key's line.
    const isBlock =
      isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
    const line = firstError ? nodeLine + (isBlock ? firstError.line : firstError.line - 1) : nodeLine;
    return {
      error: {
        file,
        line,
        pipeline: name,
        message: `${EVENT_ANNOTATION}: ${firstError?.message ?? 'invalid annotation'}`,
      },
    };
  }
  const pipelineObject = {
    ...(obj as object),
    spec: (obj.spec ?? {}) as Record<string, unknown>,
  } as LoadedPipeline['object'];
  return { pipeline: { file, name, object: pipelineObject, spec: parsed.spec } };
}

function lineOf(offset: number | undefined, lc: LineCounter): number | undefined {
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
