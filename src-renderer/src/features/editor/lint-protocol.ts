// Messages between the editor and its lint worker.
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';

/** A message to the worker: lint a text, or use (or drop) a connected cluster's Tekton schema from now on. */
export type LintWorkerMessage = LintRequest | { readonly type: 'cluster-schema'; readonly schema: ClusterSchema | undefined };

/** Lint `text` (the file at `path`, relative to the workspace). */
export interface LintRequest {
  readonly type?: 'lint';
  readonly id: number;
  readonly path: string;
  readonly text: string;
}

/** The diagnostics for request `id`. */
export interface LintResponse {
  readonly id: number;
  readonly path: string;
  readonly diagnostics: readonly TektonDiagnostic[];
}
