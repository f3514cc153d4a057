// Public data types of the Tekton linter: diagnostics with positions, quick fixes, options and limits.
import type { ClusterSchema } from './schema/cluster-schema';

/** A text replacement; offsets are UTF-16 offsets into the linted text, positions 1-based (Monaco-compatible). */
export interface TextEdit {
  readonly offset: number;
  readonly endOffset: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly newText: string;
}

/** A quick fix: a title for the code action and the edits that apply it. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** One problem in a file; line/column are 1-based, end exclusive, columns in UTF-16 code units. */
export interface TektonDiagnostic {
  readonly severity: 'error' | 'warning';
  /** Stable identifier, e.g. `pipeline-task-unknown-dependency`; see RULE_CODES. */
  readonly code: string;
  /** What is wrong and what to do about it. */
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** UTF-16 offsets of the same range. */
  readonly offset: number;
  readonly endOffset: number;
  /** Index of the YAML document (0-based) in a multi-document file. */
  readonly document: number;
  readonly fixes?: readonly QuickFix[];
}

/** Bounds that keep the linter's time and memory predictable on hostile input. */
export interface LintLimits {
  /** Largest text linted, in UTF-16 code units (default 2,000,000). */
  readonly maxTextLength: number;
  /** Most YAML documents linted in one file (default 200); later ones are reported once and skipped. */
  readonly maxDocuments: number;
  /** Most alias (`*name`) expansions per document (default 100). */
  readonly maxAliases: number;
  /** Deepest nesting of maps and lists (default 64). */
  readonly maxDepth: number;
  /** Most nodes per document after alias expansion (default 200,000). */
  readonly maxNodes: number;
}

/** Options of lintText. */
export interface LintOptions {
  /** The file path as shown to the user; `.pipe/` in it turns on the missing-annotation warning. */
  readonly path?: string;
  /** Validate fields against the generated Tekton schemas (default true). */
  readonly schema?: boolean;
  /** Override some limits. */
  readonly limits?: Partial<LintLimits>;
  /** A connected cluster's Tekton schema: fields it does not know are errors (`cluster-schema-unknown-field`). */
  readonly clusterSchema?: ClusterSchema;
}

/** The default limits. */
export const DEFAULT_LIMITS: LintLimits = Object.freeze({
  maxTextLength: 2_000_000,
  maxDocuments: 200,
  maxAliases: 100,
  maxDepth: 64,
  maxNodes: 200_000,
});
