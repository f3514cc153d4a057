// Param declarations (Task and Pipeline `params`) and param values (`params` of tasks and runs).
import type { RuleContext } from './context';
import { hint } from './names';
import { get, items, str, text, type TMap, type TNode } from './tree';

/** What a spec declares: names with their types (and object keys), for checking `$(params.…)` usage. */
export interface DeclaredParams {
  readonly types: ReadonlyMap<string, 'string' | 'array' | 'object'>;
  readonly objectKeys: ReadonlyMap<string, readonly string[]>;
}

const PARAM_NAME = /^[_a-zA-Z][_a-zA-Z0-9.-]*$/;
const TYPES = ['string', 'array', 'object'] as const;

/** Checks a `params` declaration list; returns the declared params. */
export function checkParamSpecs(ctx: RuleContext, params: TNode | undefined): DeclaredParams {
  const types = new Map<string, 'string' | 'array' | 'object'>();
  const objectKeys = new Map<string, string[]>();
  if (params && params.kind !== 'seq' && !(params.kind === 'scalar' && params.value === null)) {
    ctx.report.error('params-not-list', '`params` must be a list of `{name, type, default}` entries', params);
    return { types, objectKeys };
  }
  for (const p of items(params)) {
    const nameNode = get(p, 'name');
    const name = str(nameNode);
    if (name === undefined) {
      ctx.report.error('param-name-missing', 'each param needs a `name`', nameNode ?? p);
      continue;
    }
    if (types.has(name)) {
      ctx.report.error('param-duplicate', `param \`${name}\` is declared twice; param names must be unique`, nameNode!);
    } else if (!PARAM_NAME.test(name)) {
      ctx.report.error(
        'param-name-invalid',
        `param name \`${name}\` is invalid: start with a letter or \`_\`, then letters, digits, \`_\`, \`-\` or \`.\``,
        nameNode!,
      );
    }
    const typeNode = get(p, 'type');
    const declared = str(typeNode);
    let type: 'string' | 'array' | 'object' = 'string';
    if (typeNode !== undefined && declared === undefined && !(typeNode.kind === 'scalar' && typeNode.value === null)) {
      ctx.report.error('param-type-invalid', 'param `type` must be `string`, `array` or `object`', typeNode);
    } else if (declared !== undefined) {
      if ((TYPES as readonly string[]).includes(declared)) type = declared as typeof type;
      else ctx.report.error('param-type-invalid', `param type \`${declared}\` is invalid; use \`string\`, \`array\` or \`object\`${hint(declared, TYPES)}`, typeNode!);
    }
    const def = get(p, 'default');
    const props = getMapLike(get(p, 'properties'));
    if (declared === undefined && def !== undefined) {
      // Tekton infers the type from the default when `type` is omitted.
      type = def.kind === 'seq' ? 'array' : def.kind === 'map' ? 'object' : 'string';
    }
    if (declared === undefined && props) type = 'object';
    if (def !== undefined && !(def.kind === 'scalar' && def.value === null)) {
      const actual = def.kind === 'seq' ? 'array' : def.kind === 'map' ? 'object' : 'string';
      if (actual !== type) {
        ctx.report.error('param-default-type', `the default of \`${name}\` is ${article(actual)} but the param is declared \`${type}\`; make them agree`, def);
      }
    }
    if (type === 'object') {
      if (!props) ctx.report.error('param-object-properties', `object param \`${name}\` must declare its keys in \`properties\``, typeNode ?? nameNode!);
      else objectKeys.set(name, props.entries.map((e) => e.key));
    }
    const en = get(p, 'enum');
    if (en !== undefined) checkEnum(ctx, name, type, en, def);
    types.set(name, type);
  }
  return { types, objectKeys };
}

function checkEnum(ctx: RuleContext, name: string, type: string, en: TNode, def: TNode | undefined): void {
  if (type !== 'string') {
    ctx.report.error('param-enum', `\`enum\` is only allowed for string params; \`${name}\` is \`${type}\``, en);
    return;
  }
  const values = items(en).map((i) => text(i));
  if (new Set(values).size !== values.length) ctx.report.error('param-enum', `the \`enum\` of \`${name}\` lists a value twice`, en);
  const d = text(def);
  if (d !== undefined && !values.includes(d)) ctx.report.error('param-enum', `the default \`${d}\` of \`${name}\` is not in its \`enum\``, def!);
}

function getMapLike(node: TNode | undefined): TMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function article(type: string): string {
  return type === 'array' ? 'an array' : type === 'object' ? 'an object' : 'a string';
}

/** Checks a `params` value list (name/value pairs): unique names; returns name → value node. */
export function checkParamValues(ctx: RuleContext, params: TNode | undefined, code = 'param-value-duplicate'): Map<string, TNode> {
  const out = new Map<string, TNode>();
  if (params && params.kind !== 'seq' && !(params.kind === 'scalar' && params.value === null)) {
    ctx.report.error('params-not-list', '`params` must be a list of `{name, value}` entries', params);
    return out;
  }
  for (const p of items(params)) {
    const nameNode = get(p, 'name');
    const name = str(nameNode);
    if (name === undefined) {
      ctx.report.error('param-name-missing', 'each param needs a `name`', nameNode ?? p);
      continue;
    }
    if (out.has(name)) ctx.report.error(code, `param \`${name}\` is given twice; keep one`, nameNode!);
    out.set(name, get(p, 'value') ?? p);
  }
  return out;
}
