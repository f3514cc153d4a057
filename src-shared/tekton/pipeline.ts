// Pipeline specs (standalone Pipeline or a PipelineRun's `pipelineSpec`): what Tekton's webhook rejects.
import type { RuleContext } from './context';
import { hint } from './names';
import { checkParamSpecs } from './params';
import { checkParamUsage, type ScannedString } from './param-usage';
import { checkGraph, type PipelineGraph } from './pipeline-graph';
import { checkPipelineTasks, type PipelineTaskInfo } from './pipeline-tasks';
import { entry, get, isEmpty, items, str, type TNode } from './tree';
import { parseTaskRef, prefixOf, refRange, stringsUnder, VARIABLE_PREFIXES, variableRefs } from './variables';

/** How a pipeline spec is used. */
export interface PipelineSpecOptions {
  /** A standalone Pipeline: params and workspaces used by tasks must be declared (no propagation). */
  readonly standalone: boolean;
}

const CONTEXT_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  pipelineRun: ['name', 'namespace', 'uid'],
  pipeline: ['name'],
  pipelineTask: ['retries'],
};

/** Checks a pipeline spec; returns its graph (undefined when the spec is not a map). */
export function checkPipelineSpec(ctx: RuleContext, spec: TNode | undefined, opts: PipelineSpecOptions, at: TNode): PipelineGraph | undefined {
  if (spec === undefined || isEmpty(spec) || (spec.kind === 'map' && spec.entries.length === 0)) {
    ctx.report.error('pipeline-spec-empty', 'the Pipeline spec is empty: add `tasks`', spec ?? at);
    return undefined;
  }
  if (spec.kind !== 'map') {
    ctx.report.error('pipeline-spec-not-map', 'the Pipeline spec must be a map with `tasks`', spec);
    return undefined;
  }
  const params = checkParamSpecs(ctx, get(spec, 'params'));
  const workspaces = checkWorkspaceDeclarations(ctx, get(spec, 'workspaces'));
  const seen = new Map<string, TNode>();
  const taskOpts = { workspaces: opts.standalone ? workspaces : undefined, params: opts.standalone ? params : undefined };
  const tasks = checkPipelineTasks(ctx, get(spec, 'tasks'), false, seen, taskOpts);
  const fin = checkPipelineTasks(ctx, get(spec, 'finally'), true, seen, taskOpts);
  const graph = checkGraph(ctx, tasks, fin);
  checkVariables(ctx, [...tasks, ...fin]);
  checkResults(ctx, get(spec, 'results'), tasks, fin);
  if (opts.standalone) {
    checkParamUsage(ctx, pipelineStrings([...tasks, ...fin]), params, 'Pipeline');
  }
  return graph;
}

function checkWorkspaceDeclarations(ctx: RuleContext, list: TNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const w of items(list)) {
    const nameNode = get(w, 'name');
    const name = str(nameNode);
    if (name === undefined || name === '') {
      ctx.report.error('workspace-name-missing', 'each workspace needs a `name`', nameNode ?? w);
      continue;
    }
    if (names.has(name)) ctx.report.error('workspace-duplicate', `workspace \`${name}\` is declared twice`, nameNode!);
    names.add(name);
  }
  return names;
}

/** Strings Tekton scans for params: task params, matrix params (not include names) and `when`. */
function pipelineStrings(tasks: readonly PipelineTaskInfo[]): ScannedString[] {
  const out: ScannedString[] = [];
  for (const t of tasks) {
    for (const p of items(get(t.node, 'params'))) {
      const v = get(p, 'value');
      for (const s of stringsUnder(v)) out.push({ ...s, isolatedOk: v?.kind === 'scalar' || v?.kind === 'seq' });
    }
    const matrix = get(t.node, 'matrix');
    for (const p of [...items(get(matrix, 'params')), ...items(get(matrix, 'include')).flatMap((i) => items(get(i, 'params')))]) {
      for (const s of stringsUnder(get(p, 'value'))) out.push({ ...s, isolatedOk: true });
    }
    for (const w of items(get(t.node, 'when'))) {
      for (const s of stringsUnder(get(w, 'input'))) out.push({ ...s, isolatedOk: false });
      for (const s of stringsUnder(get(w, 'values'))) out.push({ ...s, isolatedOk: true });
    }
  }
  return out;
}

/** Context variables must exist; an unknown `$(...)` prefix (shell `$(date)`) is left unreplaced by Tekton. */
function checkVariables(ctx: RuleContext, tasks: readonly PipelineTaskInfo[]): void {
  for (const s of pipelineStrings(tasks)) {
    for (const ref of variableRefs(s.value)) {
      const prefix = prefixOf(ref.expression);
      if (prefix === 'context') {
        const m = /^context\.(pipelineRun|pipeline|pipelineTask)\.([A-Za-z]+)$/.exec(ref.expression);
        if (m && !CONTEXT_VARIABLES[m[1]!]!.includes(m[2]!)) {
          const allowed = CONTEXT_VARIABLES[m[1]!]!;
          ctx.report.error('context-variable-unknown', `\`$(${ref.expression})\` is not a context variable; \`context.${m[1]}\` has ${allowed.map((a) => `\`${a}\``).join(', ')}${hint(m[2]!, allowed)}`, refRange(ctx.text, s.node, ref, s.value));
        }
        continue;
      }
      if (!(VARIABLE_PREFIXES as readonly string[]).includes(prefix)) {
        ctx.report.warning(
          'variable-unknown-prefix',
          `\`$(${ref.expression})\` is not a Tekton variable (they start with params, tasks, context, workspaces, results…), so Tekton passes it through as written; for a shell command substitution, do it inside the step's script instead`,
          refRange(ctx.text, s.node, ref, s.value),
        );
      }
    }
  }
}

function checkResults(ctx: RuleContext, results: TNode | undefined, tasks: readonly PipelineTaskInfo[], fin: readonly PipelineTaskInfo[]): void {
  const regular = new Set(tasks.map((t) => t.name));
  const finals = new Set(fin.map((t) => t.name));
  const names = new Set<string>();
  for (const r of items(results)) {
    const nameNode = get(r, 'name');
    const name = str(nameNode);
    if (name !== undefined) {
      if (names.has(name)) ctx.report.error('pipeline-result-duplicate', `pipeline result \`${name}\` is declared twice`, nameNode!);
      names.add(name);
    }
    const value = get(r, 'value');
    const strings = stringsUnder(value);
    const refs = strings.flatMap((s) => variableRefs(s.value).map((ref) => ({ ...s, ref, parsed: parseTaskRef(ref.expression) })));
    if (value === undefined || isEmpty(value)) {
      ctx.report.error('pipeline-result-value', `pipeline result${name ? ` \`${name}\`` : ''} needs a \`value\` such as \`$(tasks.<task>.results.<result>)\``, entry(r, 'name')?.keyNode ?? r);
      continue;
    }
    if (refs.length === 0 || refs.every((x) => !x.parsed || x.parsed.result === undefined)) {
      ctx.report.error('pipeline-result-value', 'a pipeline result value must reference a task result, e.g. `$(tasks.<task>.results.<result>)`', value);
      continue;
    }
    for (const x of refs) {
      if (!x.parsed || x.parsed.result === undefined) continue;
      const known = x.parsed.scope === 'tasks' ? regular.has(x.parsed.task) : finals.has(x.parsed.task);
      if (!known) {
        const pool = x.parsed.scope === 'tasks' ? regular : finals;
        ctx.report.error('pipeline-result-unknown-task', `pipeline result refers to \`${x.parsed.scope}.${x.parsed.task}\`, which is not a ${x.parsed.scope === 'tasks' ? 'task' : 'finally task'} of this Pipeline${hint(x.parsed.task, pool)}`, refRange(ctx.text, x.node, x.ref, x.value));
      }
    }
  }
}
