// Checks the inputs of a manual dispatch against a pipeline's declared `workflow_dispatch.inputs` (issue 14), as GitHub
// does for its own dispatches (docs: workflow-syntax `on.workflow_dispatch.inputs`; REST "Create a workflow dispatch
// event": at most 25 inputs, 65,535 characters in all). Pure: the desktop uses it for its form, pipe-events to decide.
import { suggest } from './schema';
import type { DispatchInput, TriggerSpec } from './types';

/** GitHub's limits on a dispatch's inputs. */
export const DISPATCH_MAX_INPUTS = 25;
export const DISPATCH_MAX_INPUT_CHARS = 65_535;

/** One refused input. */
export interface DispatchInputProblem {
  readonly input: string;
  readonly code: 'unknown' | 'missing' | 'type' | 'choice' | 'too-large';
  readonly message: string;
}

/** The outcome: the values to run with (defaults applied, booleans and numbers in canonical form) or the problems. */
export type DispatchInputsResult =
  | { readonly ok: true; readonly inputs: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly problems: readonly DispatchInputProblem[] };

/** The `workflow_dispatch` inputs a pipeline declares; undefined when it has no `workflow_dispatch` trigger. */
export function dispatchInputsOf(spec: TriggerSpec): readonly DispatchInput[] | undefined {
  const trigger = spec.triggers.find((t) => t.event === 'workflow_dispatch');
  return trigger ? (trigger.inputs ?? []) : undefined;
}

/**
 * Validates `given` (hostile: anything JSON can hold) against `declared`. Unknown names, missing required inputs and
 * values that do not fit the type (boolean, number, choice options, non-empty environment name) are refused.
 */
export function validateDispatchInputs(
  declared: readonly DispatchInput[],
  given: unknown,
): DispatchInputsResult {
  const problems: DispatchInputProblem[] = [];
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given)))
    return fail('', 'type', 'inputs must be a map of input names to values');
  const entries = Object.entries((given ?? {}) as Record<string, unknown>);
  if (entries.length > DISPATCH_MAX_INPUTS)
    return fail(
      '',
      'too-large',
      `at most ${DISPATCH_MAX_INPUTS} inputs may be given (${entries.length} were)`,
    );
  let chars = 0;
  const byName = new Map(declared.map((d) => [d.name, d]));
  const out: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const input = byName.get(name);
    if (!input) {
      const near = suggest(name, [...byName.keys()]);
      const known = declared.length
        ? `declared: ${declared.map((d) => d.name).join(', ')}`
        : 'it declares none';
      problems.push({
        input: name,
        code: 'unknown',
        message: `unknown input \`${clip(name)}\`${near ? ` — did you mean \`${near}\`?` : ''} (${known})`,
      });
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      problems.push({
        input: name,
        code: 'type',
        message: `input \`${name}\` must be a string, number or boolean`,
      });
      continue;
    }
    const text = String(raw);
    chars += text.length;
    const checked = checkValue(input, raw, text);
    if (typeof checked === 'string') out[name] = checked;
    else problems.push(checked);
  }
  if (chars > DISPATCH_MAX_INPUT_CHARS)
    problems.push({
      input: '',
      code: 'too-large',
      message: `inputs hold ${chars} characters; at most ${DISPATCH_MAX_INPUT_CHARS} are allowed`,
    });
  for (const input of declared) {
    if (input.name in out && out[input.name] !== '') continue;
    if (problems.some((p) => p.input === input.name)) continue;
    if (input.default !== undefined && !(input.name in out)) out[input.name] = input.default;
    else if (input.required)
      problems.push({
        input: input.name,
        code: 'missing',
        message: `required input \`${input.name}\` was not given`,
      });
  }
  return problems.length ? { ok: false, problems } : { ok: true, inputs: out };
}

/** The value in canonical form, or the problem. */
function checkValue(
  input: DispatchInput,
  raw: string | number | boolean,
  text: string,
): string | DispatchInputProblem {
  const bad = (code: DispatchInputProblem['code'], want: string): DispatchInputProblem => ({
    input: input.name,
    code,
    message: `input \`${input.name}\` must be ${want}, got \`${clip(text)}\``,
  });
  switch (input.type) {
    case 'boolean':
      if (raw === true || raw === 'true') return 'true';
      if (raw === false || raw === 'false') return 'false';
      return bad('type', '`true` or `false`');
    case 'number': {
      if (typeof raw === 'boolean' || text.trim() === '') return bad('type', 'a number');
      const n = Number(text);
      return Number.isFinite(n) ? String(n) : bad('type', 'a number');
    }
    case 'choice':
      return typeof raw === 'string' && input.options?.includes(raw)
        ? raw
        : bad('choice', `one of ${(input.options ?? []).join(', ')}`);
    case 'environment':
      return typeof raw === 'string' && raw.trim() !== '' && raw.length <= 255 && !/[\r\n]/.test(raw)
        ? raw
        : bad('type', 'an environment name');
    default:
      return text;
  }
}

function fail(input: string, code: DispatchInputProblem['code'], message: string): DispatchInputsResult {
  return { ok: false, problems: [{ input, code, message }] };
}

function clip(s: string): string {
  // Control characters and backticks would break the one-line, code-span messages.
  const safe = [...s].map((c) => (c < ' ' || c === '`' ? '?' : c)).join('');
  return safe.length > 60 ? `${safe.slice(0, 57)}…` : safe;
}
