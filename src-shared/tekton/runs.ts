// PipelineRun and TaskRun specs: ref xor spec, timeouts, params and workspace bindings, embedded specs.
import type { RuleContext } from './context';
import { hint } from './names';
import { checkDuration } from './durations';
import { checkParamValues } from './params';
import { checkPipelineSpec } from './pipeline';
import type { PipelineGraph } from './pipeline-graph';
import { checkTaskSpec } from './task';
import { entry, get, isEmpty, items, str, text, type TMap, type TNode } from './tree';
import { parseTaskRef, refRange, stringsUnder, variableRefs } from './variables';

const RUN_STATUSES: Record<string, readonly string[]> = {
  PipelineRun: ['Cancelled', 'CancelledRunFinally', 'StoppedRunFinally', 'PipelineRunPending'],
  TaskRun: ['TaskRunCancelled'],
};

function exactlyOne(ctx: RuleContext, spec: TMap, ref: string, inline: string, what: string, code: string): 'ref' | 'spec' | undefined {
  const hasRef = entry(spec, ref) && !isEmpty(get(spec, ref));
  const hasSpec = entry(spec, inline) && !isEmpty(get(spec, inline));
  if (hasRef && hasSpec) {
    ctx.report.error(code, `a ${what} takes exactly one of \`${ref}\` and \`${inline}\`; remove one`, entry(spec, inline)!.keyNode);
    return undefined;
  }
  if (!hasRef && !hasSpec) {
    ctx.report.error(code, `a ${what} needs \`${ref}\` (by name or resolver) or \`${inline}\` (embedded)`, spec);
    return undefined;
  }
  return hasRef ? 'ref' : 'spec';
}

function checkStatus(ctx: RuleContext, spec: TMap, kind: 'PipelineRun' | 'TaskRun'): void {
  const node = get(spec, 'status');
  const value = text(node);
  if (value === undefined) return;
  const allowed = RUN_STATUSES[kind]!;
  if (!allowed.includes(value)) ctx.report.error('run-status-invalid', `\`status\` of a ${kind} may only be ${allowed.map((a) => `\`${a}\``).join(', ')}${hint(value, allowed)}`, node!);
}

function checkBindingNames(ctx: RuleContext, list: TNode | undefined): void {
  const names = new Set<string>();
  for (const w of items(list)) {
    const nameNode = get(w, 'name');
    const name = str(nameNode);
    if (name === undefined) {
      ctx.report.error('workspace-binding-name-missing', 'each workspace binding needs a `name`', w);
      continue;
    }
    if (names.has(name)) ctx.report.error('workspace-binding-duplicate', `workspace \`${name}\` is bound twice`, nameNode!);
    names.add(name);
  }
}

/** Checks a PipelineRun spec; returns the embedded pipeline's graph. */
export function checkPipelineRunSpec(ctx: RuleContext, spec: TNode | undefined, at: TNode): PipelineGraph | undefined {
  if (spec?.kind !== 'map') {
    ctx.report.error('run-spec-missing', 'a PipelineRun needs a `spec` with `pipelineRef` or `pipelineSpec`', spec ?? at);
    return undefined;
  }
  const which = exactlyOne(ctx, spec, 'pipelineRef', 'pipelineSpec', 'PipelineRun', 'pipelinerun-ref-or-spec');
  const params = checkParamValues(ctx, get(spec, 'params'), 'run-param-duplicate');
  for (const value of params.values()) {
    for (const { node, value: v } of stringsUnder(value)) {
      for (const ref of variableRefs(v)) {
        if (parseTaskRef(ref.expression)?.result !== undefined) {
          ctx.report.error('run-param-result-ref', `\`$(${ref.expression})\`: a PipelineRun param value cannot use task results (they exist only inside the pipeline); pass the value in a pipeline task's params instead`, refRange(ctx.text, node, ref, v));
        }
      }
    }
  }
  checkBindingNames(ctx, get(spec, 'workspaces'));
  checkStatus(ctx, spec, 'PipelineRun');
  const timeouts = get(spec, 'timeouts');
  if (entry(spec, 'timeout') && timeouts) ctx.report.error('pipelinerun-timeouts', '`timeout` and `timeouts` cannot both be set; keep `timeouts`', entry(spec, 'timeout')!.keyNode);
  checkDuration(ctx, get(spec, 'timeout'), 'timeout');
  if (timeouts?.kind === 'map') {
    const pipeline = checkDuration(ctx, get(timeouts, 'pipeline'), 'timeouts.pipeline');
    const tasks = checkDuration(ctx, get(timeouts, 'tasks'), 'timeouts.tasks');
    const fin = checkDuration(ctx, get(timeouts, 'finally'), 'timeouts.finally');
    const limit = pipeline !== undefined && pipeline > 0 ? pipeline : undefined;
    if (limit !== undefined) {
      for (const [value, key] of [[tasks, 'tasks'], [fin, 'finally']] as const) {
        if (value === 0) ctx.report.error('pipelinerun-timeouts', `\`timeouts.${key}: 0\` means no timeout, which cannot exceed a limited \`timeouts.pipeline\`; give it a duration`, get(timeouts, key)!);
      }
      if (tasks !== undefined && tasks > limit) ctx.report.error('pipelinerun-timeouts', '`timeouts.tasks` must not exceed `timeouts.pipeline`', get(timeouts, 'tasks')!);
      if (fin !== undefined && fin > limit) ctx.report.error('pipelinerun-timeouts', '`timeouts.finally` must not exceed `timeouts.pipeline`', get(timeouts, 'finally')!);
      if (tasks !== undefined && fin !== undefined && tasks + fin > limit) ctx.report.error('pipelinerun-timeouts', '`timeouts.tasks` + `timeouts.finally` must not exceed `timeouts.pipeline`', timeouts);
    }
  }
  const ref = get(spec, 'pipelineRef');
  if (which === 'ref' && ref?.kind === 'map' && str(get(ref, 'name')) === undefined && str(get(ref, 'resolver')) === undefined) {
    ctx.report.error('pipeline-ref-name-missing', '`pipelineRef` needs a `name` (or a `resolver` with its `params`)', ref);
  }
  if (which === 'spec') return checkPipelineSpec(ctx, get(spec, 'pipelineSpec'), { standalone: false }, spec);
  return undefined;
}

/** Checks a TaskRun spec. */
export function checkTaskRunSpec(ctx: RuleContext, spec: TNode | undefined, at: TNode): void {
  if (spec?.kind !== 'map') {
    ctx.report.error('run-spec-missing', 'a TaskRun needs a `spec` with `taskRef` or `taskSpec`', spec ?? at);
    return;
  }
  const which = exactlyOne(ctx, spec, 'taskRef', 'taskSpec', 'TaskRun', 'taskrun-ref-or-spec');
  checkParamValues(ctx, get(spec, 'params'), 'run-param-duplicate');
  checkBindingNames(ctx, get(spec, 'workspaces'));
  checkStatus(ctx, spec, 'TaskRun');
  checkDuration(ctx, get(spec, 'timeout'), 'timeout');
  if (which === 'spec') checkTaskSpec(ctx, get(spec, 'taskSpec')!, { embedded: true, declaredParams: undefined });
}
