// Parses and validates the annotation value (YAML, GitHub `on:` syntax) into a compiled TriggerSpec.
import type { Diagnostic, TriggerSpec } from './types';

/** Parses the annotation value; `spec` is undefined when any diagnostic is an error. */
export function parseTriggers(_annotationValue: string): { spec: TriggerSpec | undefined; diagnostics: Diagnostic[] } {
  throw new Error('not implemented');
}

/** For the editor: a diagnostic when the annotation's YAML node in the Pipeline is not a string (e.g. a map). */
export function diagnoseAnnotationNode(_node: unknown): string | undefined {
  throw new Error('not implemented');
}
