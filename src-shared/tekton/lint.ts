// lintText: the one entry point — parse a file's documents within limits and check every Tekton object in it.
import { checkEventAnnotation } from './annotation';
import type { RuleContext } from './context';
import { parseDocuments, type ParsedDocument } from './documents';
import { checkMetadata } from './metadata';
import { checkPipelineSpec } from './pipeline';
import type { PipelineGraph } from './pipeline-graph';
import { LineIndex } from './positions';
import { Reporter } from './report';
import { checkPipelineRunSpec, checkTaskRunSpec } from './runs';
import { checkTaskSpec } from './task';
import { entry, get, type TMap } from './tree';
import { didYouMean } from './names';
import { DEFAULT_LIMITS, type LintOptions, type TektonDiagnostic } from './types';
import { validateAgainstSchema } from './schema/validate';
import { checkClusterSchema, type ClusterSchema } from './schema/cluster-schema';
import { deprecationFix } from './convert-fix';

/** The Tekton kinds the linter checks. */
export const TEKTON_KINDS = ['Pipeline', 'Task', 'PipelineRun', 'TaskRun'] as const;

/** A Tekton kind the linter checks. */
export type TektonKind = (typeof TEKTON_KINDS)[number];

/** One document of a linted file, summarized for previews (the graph is set for Pipelines and PipelineRuns with an embedded spec). */
export interface LintedDocument {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly graph?: PipelineGraph;
}

/** Diagnostics and per-document summaries of one file. */
export interface LintResult {
  readonly diagnostics: readonly TektonDiagnostic[];
  readonly documents: readonly LintedDocument[];
}

/** Lints a YAML file's text; every diagnostic carries its 1-based range. Never throws on any input. */
export function lintText(text: string, options: LintOptions = {}): TektonDiagnostic[] {
  return [...analyzeText(text, options).diagnostics];
}

/** Like lintText, plus per-document summaries (kind, name, pipeline graph). */
export function analyzeText(text: string, options: LintOptions = {}): LintResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const report = new Reporter(text, new LineIndex(text));
  const docs = parseDocuments(text, limits, report);
  const inPipeFolder = /(^|[/\\])\.pipe[/\\]/.test(options.path ?? '');
  const documents: LintedDocument[] = [];
  for (const doc of docs) {
    report.document = doc.index;
    let graph: PipelineGraph | undefined;
    try {
      graph = lintDocument(doc, report, text, inPipeFolder, options.schema !== false, options.clusterSchema);
    } catch (err) {
      // A linter bug must not take the editor or pipe-events down: report it on the document instead.
      report.error('linter-internal-error', `the linter failed on this document (${err instanceof Error ? err.message : String(err)}); please report it`, { start: doc.start, end: doc.start });
    }
    documents.push({ index: doc.index, start: doc.start, end: doc.end, apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name, ...(graph ? { graph } : {}) });
  }
  // A semantic rule says more than the schema about the same node: keep one diagnostic per start (a field the
  // bundled schema already flags, with its did-you-mean fix, is not reported again for the cluster's schema).
  const schemaStarts = new Set(report.diagnostics.filter((d) => d.code.startsWith('schema-')).map((d) => d.offset));
  const ownDiagnostics = report.diagnostics.filter((d) => !d.code.startsWith('cluster-schema-') || !schemaStarts.has(d.offset));
  const starts = new Set(ownDiagnostics.filter((d) => !d.code.startsWith('schema-') && !d.code.startsWith('cluster-schema-')).map((d) => d.offset));
  const diagnostics = ownDiagnostics
    .filter((d) => !d.code.startsWith('schema-') || !starts.has(d.offset))
    .sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
  return { diagnostics, documents };
}

/** Kinds the tekton.dev group serves (the linter checks the first four). */
const SERVED_KINDS = [...TEKTON_KINDS, 'StepAction', 'CustomRun', 'ClusterTask', 'Run', 'VerificationPolicy', 'ResolutionRequest'];

/** Kinds older Tekton releases served (still found in the catalog). */
const REMOVED_KINDS = ['Condition', 'PipelineResource'];

/** A misspelt Tekton kind or version is rejected by the apiserver; false when the document is not checked further. */
function checkTypeMeta(report: Reporter, root: TMap, apiVersion: string | undefined, kind: string | undefined): boolean {
  if (!apiVersion?.startsWith('tekton.dev/') || kind === undefined) return true;
  const kindNode = get(root, 'kind')!;
  if (REMOVED_KINDS.includes(kind)) {
    report.warning('removed-kind', `\`${kind}\` was removed from Tekton (current releases reject it); use \`when\` expressions instead of Conditions, and workspaces and params instead of PipelineResources`, kindNode);
    return false;
  }
  if (!SERVED_KINDS.includes(kind)) {
    const near = didYouMean(kind, SERVED_KINDS);
    report.error('unknown-kind', `\`${kind}\` is not a Tekton kind${near ? ` — did you mean \`${near}\`?` : ''}; the linter checks ${TEKTON_KINDS.map((k) => `\`${k}\``).join(', ')}`, kindNode, near ? [{ title: `Change to \`${near}\``, edits: [report.edit(kindNode.start, kindNode.end, near)] }] : undefined);
    return false;
  }
  if ((TEKTON_KINDS as readonly string[]).includes(kind) && apiVersion !== 'tekton.dev/v1' && apiVersion !== 'tekton.dev/v1beta1') {
    const node = get(root, 'apiVersion')!;
    report.error('unknown-api-version', `\`${apiVersion}\` does not serve ${kind}; use \`tekton.dev/v1\``, node, [{ title: 'Change to `tekton.dev/v1`', edits: [report.edit(node.start, node.end, 'tekton.dev/v1')] }]);
    return false;
  }
  return true;
}

function lintDocument(doc: ParsedDocument, report: Reporter, text: string, inPipeFolder: boolean, schema: boolean, clusterSchema?: ClusterSchema): PipelineGraph | undefined {
  const root = doc.root;
  if (root === undefined || root.kind !== 'map') return undefined;
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  if (!checkTypeMeta(report, root, apiVersion, kind)) return undefined;
  if (apiVersion !== 'tekton.dev/v1' && apiVersion !== 'tekton.dev/v1beta1') return undefined;
  if (!(TEKTON_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  const ctx: RuleContext = { report, text, version: apiVersion === 'tekton.dev/v1' ? 'v1' : 'v1beta1' };
  if (ctx.version === 'v1beta1') {
    report.warning('deprecated-api-version', '`tekton.dev/v1beta1` is deprecated; convert to `tekton.dev/v1`', get(root, 'apiVersion')!, deprecationFix(text, doc, report));
  }
  if (schema) validateAgainstSchema(ctx, root, apiVersion, kind as TektonKind);
  if (clusterSchema) checkClusterSchema(ctx, root, apiVersion, kind!, clusterSchema);
  checkMetadata(ctx, root, kind!);
  const spec = get(root, 'spec');
  switch (kind as TektonKind) {
    case 'Pipeline':
      checkEventAnnotation(ctx, root, inPipeFolder);
      return checkPipelineSpec(ctx, spec, { standalone: true }, entry(root, 'kind')!.keyNode);
    case 'Task':
      if (spec === undefined) report.error('task-spec-missing', 'a Task needs a `spec` with `steps`', entry(root, 'kind')!.keyNode);
      else checkTaskSpec(ctx, spec, { embedded: false, declaredParams: { types: new Map(), objectKeys: new Map() } });
      return undefined;
    case 'PipelineRun':
      return checkPipelineRunSpec(ctx, spec, entry(root, 'kind')!.keyNode);
    case 'TaskRun':
      checkTaskRunSpec(ctx, spec, entry(root, 'kind')!.keyNode);
      return undefined;
  }
}
