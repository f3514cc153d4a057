// Task specs (standalone Task, `taskSpec` in a pipeline task or TaskRun): steps, params, results, workspaces.
import type { RuleContext } from './context';
import { hint, isDns1123Label } from './names';
import { checkParamSpecs, type DeclaredParams } from './params';
import { checkParamUsage, type ScannedString } from './param-usage';
import { entry, get, isEmpty, items, str, text, type TNode } from './tree';
import { refRange, stringsUnder, variableRefs } from './variables';

/** How a task spec is used. */
export interface TaskSpecOptions {
  /** Embedded in a Pipeline or TaskRun (propagated params and workspaces may be used). */
  readonly embedded: boolean;
  /** When set, `$(params.x)` in steps must be one of these plus the spec's own params. */
  readonly declaredParams: DeclaredParams | undefined;
}

const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Checks one task spec. */
export function checkTaskSpec(ctx: RuleContext, spec: TNode, opts: TaskSpecOptions): void {
  if (spec.kind !== 'map') {
    ctx.report.error('task-spec-not-map', 'the task spec must be a map with `steps`', spec);
    return;
  }
  const params = checkParamSpecs(ctx, get(spec, 'params'));
  const steps = get(spec, 'steps');
  if (items(steps).length === 0) {
    ctx.report.error('task-steps-missing', 'a Task needs at least one step under `steps`', entry(spec, 'steps')?.keyNode ?? spec);
  }
  const stepNames = new Set<string>();
  const templateImage = !isEmpty(get(spec, 'stepTemplate', 'image'));
  for (const s of items(steps)) {
    if (s.kind !== 'map') {
      ctx.report.error('step-not-map', 'each step must be a map with `image` and `script` or `command`', s);
      continue;
    }
    const nameNode = get(s, 'name');
    const name = text(nameNode);
    if (name !== undefined && name !== '') {
      if (!isDns1123Label(name) && !name.includes('$(')) {
        ctx.report.error('step-name-invalid', `step name \`${name}\` must be a DNS-1123 label: lowercase letters, digits and \`-\``, nameNode!);
      } else if (stepNames.has(name)) {
        ctx.report.error('step-name-duplicate', `step name \`${name}\` is used twice; step names must be unique`, nameNode!);
      }
      stepNames.add(name);
    }
    if (isEmpty(get(s, 'image')) && !entry(s, 'ref') && !templateImage) {
      ctx.report.error('step-image-missing', 'this step needs an `image` (or a `ref` to a StepAction)', nameNode ?? s);
    }
    if (!isEmpty(get(s, 'script')) && items(get(s, 'command')).length > 0) {
      ctx.report.error('step-script-and-command', 'a step cannot have both `script` and `command`; put the command in the script', entry(s, 'command')!.keyNode);
    }
    const onError = get(s, 'onError');
    const oe = text(onError);
    if (oe !== undefined && oe !== 'continue' && oe !== 'stopAndFail' && !oe.startsWith('$(params.')) {
      ctx.report.error('step-on-error', `step \`onError\` must be \`continue\` or \`stopAndFail\`${hint(oe, ['continue', 'stopAndFail'])}`, onError!);
    }
  }
  const resultNames = new Set<string>();
  for (const r of items(get(spec, 'results'))) {
    const nameNode = get(r, 'name');
    const name = str(nameNode);
    if (name === undefined) continue;
    if (resultNames.has(name)) ctx.report.error('result-duplicate', `result \`${name}\` is declared twice`, nameNode!);
    else if (!RESULT_NAME.test(name)) ctx.report.error('result-name-invalid', `result name \`${name}\` may only use letters, digits, \`-\`, \`_\` and \`.\`, and must start and end with a letter or digit`, nameNode!);
    resultNames.add(name);
    const type = get(r, 'type');
    const t = str(type);
    if (t !== undefined && !['string', 'array', 'object'].includes(t)) ctx.report.error('result-type-invalid', `result type \`${t}\` is invalid; use \`string\`, \`array\` or \`object\``, type!);
  }
  const wsNames = new Set<string>();
  for (const w of items(get(spec, 'workspaces'))) {
    const nameNode = get(w, 'name');
    const name = str(nameNode);
    if (name === undefined) continue;
    if (wsNames.has(name)) ctx.report.error('workspace-duplicate', `workspace \`${name}\` is declared twice`, nameNode!);
    wsNames.add(name);
  }
  checkStepVariables(ctx, items(steps), resultNames, wsNames);
  if (opts.declaredParams) {
    const types = new Map([...opts.declaredParams.types, ...params.types]);
    const objectKeys = new Map([...opts.declaredParams.objectKeys, ...params.objectKeys]);
    const strings: ScannedString[] = [];
    for (const s of items(steps)) {
      for (const { node, value } of stringsUnder(s)) strings.push({ node, value, isolatedOk: true });
    }
    checkParamUsage(ctx, strings, { types, objectKeys }, 'Task');
  }
}

const TASK_CONTEXT: Readonly<Record<string, readonly string[]>> = { taskRun: ['name', 'namespace', 'uid'], task: ['name', 'retry-count'] };

/** `$(results.x.path)` in scripts, `$(context.task…)` in steps and step workspaces must name what the spec declares. */
function checkStepVariables(ctx: RuleContext, steps: readonly TNode[], results: ReadonlySet<string>, workspaces: ReadonlySet<string>): void {
  for (const s of steps) {
    for (const { node, value } of stringsUnder(s)) {
      for (const ref of variableRefs(value)) {
        const c = /^context\.(taskRun|task)\.([A-Za-z-]+)$/.exec(ref.expression);
        if (c && !TASK_CONTEXT[c[1]!]!.includes(c[2]!)) {
          const allowed = TASK_CONTEXT[c[1]!]!;
          ctx.report.error('context-variable-unknown', `\`$(${ref.expression})\` is not a context variable; \`context.${c[1]}\` has ${allowed.map((a) => `\`${a}\``).join(', ')}${hint(c[2]!, allowed)}`, refRange(ctx.text, node, ref, value));
        }
      }
    }
    const script = get(s, 'script');
    const text = str(script);
    if (text !== undefined) {
      for (const ref of variableRefs(text)) {
        const m = /^results\.([_a-zA-Z0-9-]+)\.path$/.exec(ref.expression);
        if (m && !results.has(m[1]!) && !text.includes('$(step.results')) {
          ctx.report.error('result-undeclared', `\`$(${ref.expression})\` refers to result \`${m[1]}\`, which the Task does not declare: add it to \`results\`${hint(m[1]!, results)}`, refRange(ctx.text, script!, ref, text));
        }
      }
    }
    for (const w of items(get(s, 'workspaces'))) {
      const nameNode = get(w, 'name');
      const name = str(nameNode);
      if (name !== undefined && !workspaces.has(name)) {
        ctx.report.error('workspace-undeclared', `step workspace \`${name}\` is not declared in the Task's \`workspaces\`${hint(name, workspaces)}`, nameNode!);
      }
    }
  }
}
