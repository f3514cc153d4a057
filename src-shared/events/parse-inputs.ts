// Parses `workflow_dispatch.inputs` of the annotation (docs: workflow-syntax on.workflow_dispatch.inputs).
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { suggest } from './schema';
import type { DispatchInput } from './types';
import { asNode, scalarText, type DiagnosticSink } from './yaml-sink';

const INPUT_TYPES = ['string', 'boolean', 'choice', 'number', 'environment'] as const;
const INPUT_KEYS = ['description', 'required', 'default', 'type', 'options'];
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parses `workflow_dispatch.inputs`; undefined when invalid (diagnostics reported). */
export function parseDispatchInputs(
  value: unknown,
  sink: DiagnosticSink,
): readonly DispatchInput[] | undefined {
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) return [];
  if (!isMap(value)) {
    sink.addNode('error', '`inputs` must be a map of input names to their settings', asNode(value));
    return undefined;
  }
  const out: DispatchInput[] = [];
  for (const pair of value.items) {
    const k = pair.key;
    if (!isScalar(k) || typeof k.value !== 'string' || !INPUT_NAME.test(k.value)) {
      sink.addNode(
        'error',
        'an input name must start with a letter or `_` and contain only letters, digits, `-` or `_`',
        asNode(k),
      );
      continue;
    }
    const input = parseInput(k.value, pair.value, k, sink);
    if (input) out.push(input);
  }
  return out;
}

function parseInput(
  name: string,
  value: unknown,
  keyNode: Scalar,
  sink: DiagnosticSink,
): DispatchInput | undefined {
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
    return { name, required: false, type: 'string' };
  }
  if (!isMap(value)) {
    sink.addNode(
      'error',
      `input \`${name}\` must be a map (description, required, default, type, options)`,
      asNode(value),
    );
    return undefined;
  }
  const get = (k: string): unknown => (value as YAMLMap).get(k, true);
  let ok = true;
  for (const pair of value.items) {
    const k = pair.key;
    if (!isScalar(k) || typeof k.value !== 'string' || !INPUT_KEYS.includes(k.value)) {
      const keyText = isScalar(k) ? String(k.value) : '?';
      const near = suggest(keyText, INPUT_KEYS);
      sink.addNode(
        'error',
        `unknown input setting \`${keyText}\`${near ? ` — did you mean \`${near}\`?` : ''}; allowed: ${INPUT_KEYS.join(', ')}`,
        asNode(k),
      );
      ok = false;
    }
  }
  const typeNode = get('type');
  let type: DispatchInput['type'] = 'string';
  if (typeNode !== undefined) {
    const t = isScalar(typeNode) ? scalarText(typeNode) : '';
    if (!(INPUT_TYPES as readonly string[]).includes(t)) {
      sink.addNode('error', `input type must be one of ${INPUT_TYPES.join(', ')}`, asNode(typeNode));
      ok = false;
    } else {
      type = t as DispatchInput['type'];
    }
  }
  const requiredNode = get('required');
  let required = false;
  if (requiredNode !== undefined) {
    if (!isScalar(requiredNode) || typeof requiredNode.value !== 'boolean') {
      sink.addNode('error', '`required` must be `true` or `false`', asNode(requiredNode));
      ok = false;
    } else {
      required = requiredNode.value;
    }
  }
  const descNode = get('description');
  const description = isScalar(descNode) && descNode.value !== null ? scalarText(descNode) : undefined;
  let options: string[] | undefined;
  const optionsNode = get('options');
  if (optionsNode !== undefined) {
    if (!isSeq(optionsNode) || !optionsNode.items.every(isScalar)) {
      sink.addNode('error', '`options` must be a list of strings', asNode(optionsNode));
      ok = false;
    } else {
      options = optionsNode.items.map((i) => scalarText(i as Scalar));
    }
  }
  if (type === 'choice' && (!options || options.length === 0)) {
    sink.addNode('error', `input \`${name}\` has type \`choice\` and needs \`options\``, keyNode);
    ok = false;
  }
  const defaultNode = get('default');
  let def: string | undefined;
  if (defaultNode !== undefined) {
    if (!isScalar(defaultNode)) {
      sink.addNode('error', '`default` must be a string, number or boolean', asNode(defaultNode));
      ok = false;
    } else {
      def = scalarText(defaultNode);
      const problem =
        type === 'boolean' && def !== 'true' && def !== 'false'
          ? 'must be `true` or `false`'
          : type === 'number' && (def.trim() === '' || !Number.isFinite(Number(def)))
            ? 'must be a number'
            : type === 'choice' && options && !options.includes(def)
              ? `must be one of the options (${options.join(', ')})`
              : undefined;
      if (problem) {
        sink.addNode('error', `default of input \`${name}\` ${problem}`, defaultNode);
        ok = false;
      }
    }
  }
  if (!ok) return undefined;
  return {
    name,
    required,
    type,
    ...(description !== undefined ? { description } : {}),
    ...(def !== undefined ? { default: def } : {}),
    ...(options ? { options } : {}),
  };
}
