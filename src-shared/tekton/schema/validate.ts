// Validates a document against the generated Tekton JSON Schema (the subset the generator emits:
// type, properties, additionalProperties, required, items, enum, pattern, $ref) with did-you-mean fixes.
import type { RuleContext } from '../context';
import type { TektonKind } from '../lint';
import { didYouMean } from '../names';
import type { TEntry, TNode } from '../tree';
import generated from './tekton.schema.json';

/** One node of the generated schema. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
}

interface SchemaDocument {
  readonly definitions: Readonly<Record<string, SchemaNode>>;
  readonly 'x-tekton-version': string;
}

/** The generated schema (draft-07, one file for v1 and v1beta1; `definitions` keyed `v1.Pipeline`, …). */
export const TEKTON_SCHEMA = generated as unknown as SchemaDocument & Record<string, unknown>;

/** The Tekton release the schema was generated from. */
export const TEKTON_SCHEMA_VERSION: string = TEKTON_SCHEMA['x-tekton-version'];

const MAX_ERRORS = 50;

function resolve(s: SchemaNode): SchemaNode {
  let cur = s;
  for (let i = 0; i < 16 && cur.$ref; i++) {
    const name = cur.$ref.replace('#/definitions/', '');
    const next = TEKTON_SCHEMA.definitions[name];
    if (!next) return {};
    cur = next;
  }
  return cur;
}

function typeOf(node: TNode): string {
  if (node.kind === 'map') return 'object';
  if (node.kind === 'seq') return 'array';
  const v = node.value;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'integer';
  return 'number';
}

function accepts(types: readonly string[], actual: string): boolean {
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

const NAMES: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false' };

const patterns = new Map<string, RegExp | null>();
function regex(p: string): RegExp | null {
  if (!patterns.has(p)) {
    try {
      patterns.set(p, new RegExp(p, 'u'));
    } catch {
      patterns.set(p, null);
    }
  }
  return patterns.get(p)!;
}

/** Reports unknown fields, wrong types, missing required fields and enum violations. */
export function validateAgainstSchema(ctx: RuleContext, root: TNode, apiVersion: string, kind: TektonKind): void {
  const top = TEKTON_SCHEMA.definitions[`${apiVersion.replace('tekton.dev/', '')}.${kind}`];
  if (!top) return;
  let budget = MAX_ERRORS;
  const walk = (node: TNode, schema: SchemaNode, path: string, holder: TEntry | undefined): void => {
    if (budget <= 0) return;
    const s = resolve(schema);
    if (node.kind === 'scalar' && node.value === null) return; // Kubernetes drops nulls of non-nullable fields.
    const at = holder?.keyNode ?? node;
    if (s.type !== undefined) {
      const types = typeof s.type === 'string' ? [s.type] : s.type;
      const actual = typeOf(node);
      if (!accepts(types, actual)) {
        budget--;
        ctx.report.error('schema-type', `\`${path}\` must be ${types.map((t) => NAMES[t] ?? t).join(' or ')}, not ${NAMES[actual] ?? actual}${actual === 'string' && types.includes('integer') ? ' (remove the quotes)' : ''}${types.length === 1 && types[0] === 'string' && node.kind === 'scalar' ? ' (quote the value)' : ''}`, node);
        return;
      }
    }
    if (s.enum && node.kind === 'scalar' && !s.enum.includes(node.value)) {
      budget--;
      const allowed = s.enum.map(String);
      const near = didYouMean(String(node.value), allowed);
      ctx.report.error('schema-enum', `\`${path}\` must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}${near ? ` — did you mean \`${near}\`?` : ''}`, node, near ? [{ title: `Change to \`${near}\``, edits: [ctx.report.edit(node.start, node.end, near)] }] : undefined);
      return;
    }
    if (s.pattern && node.kind === 'scalar' && typeof node.value === 'string' && !node.value.includes('$(')) {
      const re = regex(s.pattern);
      if (re && !re.test(node.value)) {
        budget--;
        ctx.report.error('schema-pattern', `\`${path}\` does not match the required format \`${s.pattern}\``, node);
      }
    }
    if (node.kind === 'seq' && s.items) {
      node.items.forEach((item, i) => walk(item, s.items!, `${path}[${i}]`, undefined));
      return;
    }
    if (node.kind !== 'map') return;
    const props = s.properties ?? {};
    for (const e of node.entries) {
      const child = props[e.key];
      if (child) {
        walk(e.value, child, path ? `${path}.${e.key}` : e.key, e);
      } else if (s.additionalProperties === false) {
        budget--;
        const near = didYouMean(e.key, Object.keys(props));
        const where = path ? `\`${path}\`` : `a ${kind}`;
        ctx.report.error(
          'schema-unknown-field',
          `unknown field \`${e.key}\` in ${where}${near ? ` — did you mean \`${near}\`?` : ''}; allowed: ${Object.keys(props).slice(0, 40).map((k) => `\`${k}\``).join(', ')}`,
          e.keyNode,
          near ? [{ title: `Rename to \`${near}\``, edits: [ctx.report.edit(e.keyNode.start, e.keyNode.end, near)] }] : undefined,
        );
      } else if (typeof s.additionalProperties === 'object') {
        walk(e.value, s.additionalProperties, `${path}.${e.key}`, e);
      }
    }
    for (const r of s.required ?? []) {
      if (!node.entries.some((e) => e.key === r)) {
        budget--;
        ctx.report.error('schema-required', `${path ? `\`${path}\`` : `the ${kind}`} is missing the required field \`${r}\``, at);
      }
    }
  };
  walk(root, top, '', undefined);
}
