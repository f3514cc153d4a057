// Validates a document against the generated Tekton JSON Schema (first version: a stub until the schemas land).
import type { RuleContext } from '../context';
import type { TektonKind } from '../lint';
import type { TNode } from '../tree';

/** Reports unknown fields and wrong types against the schema of `apiVersion`/`kind`. */
export function validateAgainstSchema(_ctx: RuleContext, _root: TNode, _apiVersion: string, _kind: TektonKind): void {}
