// One pipeline task (`tasks[]` / `finally[]`): name, ref or spec, onError, params, workspaces, when, matrix.
import type { RuleContext } from './context';
import { hint, isDns1123Label, toDns1123Label } from './names';
import { checkParamValues, type DeclaredParams } from './params';
import { checkDuration } from './durations';
import { checkTaskSpec } from './task';
import { entry, get, isEmpty, items, str, text, type TMap, type TNode } from './tree';

/** A pipeline task as the graph and variable rules see it. */
export interface PipelineTaskInfo {
  readonly name: string;
  readonly node: TNode;
  readonly nameNode: TNode;
  readonly isFinally: boolean;
  /** `runAfter` entries with their nodes. */
  readonly runAfter: readonly { readonly name: string; readonly node: TNode }[];
  readonly params: ReadonlyMap<string, TNode>;
  readonly matrixed: boolean;
  /** The task's declared result names when its spec is embedded (undefined for taskRef). */
  readonly results?: ReadonlyMap<string, string>;
}

/** Options for checking pipeline tasks. */
export interface PipelineTaskOptions {
  /** Declared pipeline workspaces; undefined disables the "declared" check (embedded specs may use propagated ones). */
  readonly workspaces: ReadonlySet<string> | undefined;
  /** Declared pipeline params; when set, embedded task steps may use only these and their own params. */
  readonly params: DeclaredParams | undefined;
}

/** Checks `tasks` or `finally`; `seen` holds names across both lists. */
export function checkPipelineTasks(
  ctx: RuleContext,
  list: TNode | undefined,
  isFinally: boolean,
  seen: Map<string, TNode>,
  opts: PipelineTaskOptions,
): PipelineTaskInfo[] {
  const field = isFinally ? 'finally' : 'tasks';
  if (list && list.kind !== 'seq' && !isEmpty(list)) {
    ctx.report.error('pipeline-tasks-not-list', `\`${field}\` must be a list of pipeline tasks`, list);
    return [];
  }
  const out: PipelineTaskInfo[] = [];
  for (const t of items(list)) {
    if (t.kind !== 'map') {
      ctx.report.error('pipeline-task-not-map', `each entry of \`${field}\` must be a map with \`name\` and \`taskRef\` or \`taskSpec\``, t);
      continue;
    }
    const nameNode = get(t, 'name');
    const name = str(nameNode) ?? text(nameNode);
    if (name === undefined) {
      ctx.report.error('pipeline-task-name-missing', 'this pipeline task needs a `name`', t);
    } else if (!isDns1123Label(name)) {
      const fixed = toDns1123Label(name);
      ctx.report.error(
        'pipeline-task-name-invalid',
        `pipeline task name \`${name}\` must be a DNS-1123 label: lowercase letters, digits and \`-\`, starting and ending with a letter or digit, at most 63 characters`,
        nameNode!,
        [{ title: `Rename to \`${fixed}\``, edits: [ctx.report.edit(nameNode!.start, nameNode!.end, fixed)] }],
      );
    } else if (seen.has(name)) {
      ctx.report.error('pipeline-task-name-duplicate', `pipeline task name \`${name}\` is used twice; names must be unique across \`tasks\` and \`finally\``, nameNode!);
    }
    if (name !== undefined && !seen.has(name)) seen.set(name, nameNode!);
    checkRefOrSpec(ctx, t, opts.params);
    checkOnError(ctx, t);
    const timeout = get(t, 'timeout');
    if (!text(timeout)?.includes('$(')) checkDuration(ctx, timeout, 'timeout');
    const params = checkParamValues(ctx, get(t, 'params'), 'pipeline-task-param-duplicate');
    checkBindings(ctx, t, name ?? '', opts.workspaces);
    checkWhen(ctx, get(t, 'when'));
    const matrixed = checkMatrix(ctx, t, params);
    const runAfter: { name: string; node: TNode }[] = [];
    const ra = get(t, 'runAfter');
    if (ra && ra.kind !== 'seq' && !isEmpty(ra)) ctx.report.error('run-after-not-list', '`runAfter` must be a list of pipeline task names', ra);
    for (const r of items(ra)) {
      const n = text(r);
      if (n !== undefined) runAfter.push({ name: n, node: r });
    }
    if (name !== undefined) {
      out.push({ name, node: t, nameNode: nameNode!, isFinally, runAfter, params, matrixed, results: embeddedResults(t) });
    }
  }
  return out;
}

function embeddedResults(t: TMap): Map<string, string> | undefined {
  const spec = get(t, 'taskSpec');
  if (spec?.kind !== 'map') return undefined;
  const out = new Map<string, string>();
  for (const r of items(get(spec, 'results'))) {
    const n = str(get(r, 'name'));
    if (n !== undefined) out.set(n, str(get(r, 'type')) ?? 'string');
  }
  return out;
}

function checkRefOrSpec(ctx: RuleContext, t: TMap, pipelineParams: DeclaredParams | undefined): void {
  const present = ['taskRef', 'taskSpec', 'pipelineRef', 'pipelineSpec'].filter((k) => entry(t, k) && !isEmpty(get(t, k)));
  if (present.length > 1) {
    const second = entry(t, present[1]!)!;
    ctx.report.error('pipeline-task-ref-and-spec', `a pipeline task takes exactly one of ${present.map((p) => `\`${p}\``).join(' and ')}; remove one`, second.keyNode);
    return;
  }
  if (present.length === 0) {
    ctx.report.error('pipeline-task-ref-or-spec-missing', 'this pipeline task needs `taskRef` (a Task by name or resolver) or `taskSpec` (an embedded Task)', get(t, 'name') ?? t);
    return;
  }
  const spec = get(t, 'taskSpec');
  if (spec?.kind === 'map') {
    const custom = str(get(spec, 'apiVersion')) !== undefined || (str(get(spec, 'kind')) ?? 'Task') !== 'Task';
    const hasSteps = items(get(spec, 'steps')).length > 0;
    if (hasSteps && entry(spec, 'apiVersion')) ctx.report.error('task-spec-api-version', '`taskSpec.apiVersion` cannot be set together with `taskSpec.steps`', entry(spec, 'apiVersion')!.keyNode);
    if (!custom) checkTaskSpec(ctx, spec, { embedded: true, declaredParams: pipelineParams });
  }
  const ref = get(t, 'taskRef');
  if (ref?.kind === 'map') {
    const hasName = str(get(ref, 'name')) !== undefined;
    const hasResolver = str(get(ref, 'resolver')) !== undefined;
    const custom = str(get(ref, 'apiVersion')) !== undefined;
    if (!hasName && !hasResolver && !custom) ctx.report.error('task-ref-name-missing', '`taskRef` needs a `name` (or a `resolver` with its `params`)', ref);
    if (custom && str(get(ref, 'kind')) === undefined) ctx.report.error('custom-task-kind-missing', 'a custom task `taskRef` with `apiVersion` must also set `kind`', ref);
  }
}

function checkOnError(ctx: RuleContext, t: TMap): void {
  const node = get(t, 'onError');
  const value = text(node);
  if (value === undefined || value.startsWith('$(params.')) return;
  if (value !== 'continue' && value !== 'stopAndFail') {
    ctx.report.error('pipeline-task-on-error', `\`onError\` must be \`continue\` or \`stopAndFail\`${hint(value, ['continue', 'stopAndFail'])}`, node!);
  } else if (value === 'continue' && Number(text(get(t, 'retries')) ?? 0) > 0) {
    ctx.report.error('pipeline-task-on-error', '`onError: continue` cannot be combined with `retries` greater than 0', node!);
  }
}

function checkBindings(ctx: RuleContext, t: TMap, taskName: string, declared: ReadonlySet<string> | undefined): void {
  const names = new Set<string>();
  for (const w of items(get(t, 'workspaces'))) {
    const nameNode = get(w, 'name');
    const name = str(nameNode);
    if (name === undefined) {
      ctx.report.error('workspace-binding-name-missing', 'each workspace binding needs a `name` (the Task\'s workspace)', w);
      continue;
    }
    if (names.has(name)) ctx.report.error('workspace-binding-duplicate', `workspace \`${name}\` is bound twice in this task`, nameNode!);
    names.add(name);
    if (!declared) continue;
    const wsNode = get(w, 'workspace');
    const target = str(wsNode) || name;
    if (!declared.has(target)) {
      ctx.report.error(
        'workspace-undeclared',
        `pipeline task \`${taskName}\` binds workspace \`${target}\`, which the Pipeline does not declare: add it to \`spec.workspaces\`${hint(target, declared)}`,
        str(wsNode) ? wsNode! : nameNode!,
      );
    }
  }
}

/** Checks `when` expressions: operator in/notin, non-empty values, or `cel` alone. */
export function checkWhen(ctx: RuleContext, when: TNode | undefined): void {
  if (when && when.kind !== 'seq' && !isEmpty(when)) {
    ctx.report.error('when-not-list', '`when` must be a list of `{input, operator, values}` expressions', when);
    return;
  }
  for (const w of items(when)) {
    if (w.kind !== 'map') {
      ctx.report.error('when-invalid', 'each `when` expression must be a map with `input`, `operator` and `values` (or `cel`)', w);
      continue;
    }
    if (entry(w, 'cel')) {
      const other = ['input', 'operator', 'values'].find((k) => entry(w, k));
      if (other) ctx.report.error('when-cel-mixed', '`cel` cannot be combined with `input`/`operator`/`values` in one `when` expression', entry(w, other)!.keyNode);
      continue;
    }
    const op = get(w, 'operator');
    const opText = text(op);
    if (opText !== 'in' && opText !== 'notin') {
      ctx.report.error('when-operator', `\`operator\` must be \`in\` or \`notin\`${opText ? hint(opText, ['in', 'notin']) : ''}`, op ?? w);
    }
    const values = get(w, 'values');
    if (values === undefined || (values.kind === 'seq' && values.items.length === 0) || isEmpty(values)) {
      ctx.report.error('when-values-empty', '`values` must list at least one value', values ?? w);
    }
  }
}

function checkMatrix(ctx: RuleContext, t: TMap, params: ReadonlyMap<string, TNode>): boolean {
  const matrix = get(t, 'matrix');
  if (matrix?.kind !== 'map') return false;
  const names = new Set<string>();
  const all = [...items(get(matrix, 'params')), ...items(get(matrix, 'include')).flatMap((i) => items(get(i, 'params')))];
  for (const p of items(get(matrix, 'params'))) {
    const nameNode = get(p, 'name');
    const name = str(nameNode);
    if (name === undefined) continue;
    if (names.has(name)) ctx.report.error('matrix-param-duplicate', `matrix param \`${name}\` is given twice`, nameNode!);
    names.add(name);
    const value = get(p, 'value');
    if (value && value.kind !== 'seq' && !(typeof (value.kind === 'scalar' && value.value) === 'string' && /^\$\(.*\)$/.test(String(value.kind === 'scalar' ? value.value : '')))) {
      ctx.report.error('matrix-param-not-array', `matrix param \`${name}\` must be a list of values (or a whole-array reference such as \`$(params.list[*])\`)`, value);
    }
  }
  for (const p of all) {
    const name = str(get(p, 'name'));
    if (name !== undefined && params.has(name)) {
      ctx.report.error('matrix-param-in-params', `param \`${name}\` is in both \`matrix\` and \`params\`; give it in one place`, get(p, 'name')!);
    }
  }
  return items(get(matrix, 'params')).length > 0 || items(get(matrix, 'include')).length > 0;
}
