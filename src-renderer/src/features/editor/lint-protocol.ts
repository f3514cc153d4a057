// Messages between the editor and its lint worker.
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';

/** Lint `text` (the file at `path`, relative to the workspace). */
export interface LintRequest {
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
