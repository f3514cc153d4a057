// The pipeline DAG: dependencies from `runAfter` and result references; unknown tasks, cycles, finally rules.
import type { RuleContext } from './context';
import { hint } from './names';
import type { PipelineTaskInfo } from './pipeline-tasks';
import type { Ranged } from './report';
import { get, items, type TNode } from './tree';
import { parseTaskRef, refRange, stringsUnder, variableRefs } from './variables';

/** One edge of the graph: `from` must finish before `to`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'runAfter' | 'result';
}

/** A pipeline's task graph for previews (tasks in source order, finally tasks flagged). */
export interface PipelineGraph {
  readonly tasks: readonly {
    readonly name: string;
    readonly isFinally: boolean;
    readonly matrixed: boolean;
    readonly hasWhen: boolean;
    /** The task's name node range (UTF-16 offsets) to jump to its YAML. */
    readonly start: number;
    readonly end: number;
  }[];
  readonly edges: readonly GraphEdge[];
}

interface Ref {
  readonly task: string;
  readonly star: boolean;
  readonly scope: 'tasks' | 'finally';
  readonly status: boolean;
  readonly at: Ranged;
}

/** Result and status references in the fields Tekton scans: params, matrix and `when`. */
function refsOf(ctx: RuleContext, t: PipelineTaskInfo): Ref[] {
  const out: Ref[] = [];
  const scanned = [get(t.node, 'params'), get(t.node, 'matrix'), get(t.node, 'when')];
  for (const root of scanned) {
    for (const { node, value } of stringsUnder(root)) {
      if (isIncludeName(root, node)) continue;
      for (const ref of variableRefs(value)) {
        const r = parseTaskRef(ref.expression);
        if (r) out.push({ task: r.task, scope: r.scope, status: r.status !== undefined, star: r.star, at: refRange(ctx.text, node, ref, value) });
      }
    }
  }
  return out;
}

/** `matrix.include[].name` legitimately holds variables that are not dependencies. */
function isIncludeName(root: TNode | undefined, node: TNode): boolean {
  return items(get(root, 'include')).some((i) => get(i, 'name') === node);
}

function others(tasks: ReadonlyMap<string, unknown>, self: string): string[] {
  return [...tasks.keys()].filter((n) => n !== self);
}

/** Checks dependencies, cycles and finally rules; returns the graph. */
export function checkGraph(ctx: RuleContext, tasks: readonly PipelineTaskInfo[], finallyTasks: readonly PipelineTaskInfo[]): PipelineGraph {
  const regular = new Map(tasks.map((t) => [t.name, t]));
  const fin = new Map(finallyTasks.map((t) => [t.name, t]));
  const edges: GraphEdge[] = [];
  const deps = new Map<string, { name: string; at: Ranged }[]>();
  for (const t of tasks) {
    const list: { name: string; at: Ranged }[] = [];
    for (const r of t.runAfter) {
      if (!regular.has(r.name)) {
        const where = fin.has(r.name) ? ` (\`${r.name}\` is a finally task; tasks cannot run after finally tasks)` : hint(r.name, others(regular, t.name));
        ctx.report.error('pipeline-task-unknown-dependency', `task \`${t.name}\` runs after \`${r.name}\`, which is not a task of this Pipeline${where}`, r.node);
        continue;
      }
      list.push({ name: r.name, at: r.node });
      edges.push({ from: r.name, to: t.name, kind: 'runAfter' });
    }
    for (const ref of refsOf(ctx, t)) {
      if (ref.status) {
        ctx.report.error('execution-status-outside-finally', `\`$(tasks.${ref.task}.status)\`-style execution status can only be used in \`finally\` tasks`, ref.at);
        continue;
      }
      if (ref.scope === 'finally' || !regular.has(ref.task)) {
        const why = fin.has(ref.task) || ref.scope === 'finally' ? ' (a task cannot use results of finally tasks)' : hint(ref.task, others(regular, t.name));
        ctx.report.error('pipeline-task-unknown-dependency', `task \`${t.name}\` uses a result of \`${ref.task}\`, which is not a task of this Pipeline${why}`, ref.at);
        continue;
      }
      if (ref.task === t.name) {
        ctx.report.error('pipeline-cycle', `task \`${t.name}\` uses its own result; a task cannot depend on itself`, ref.at);
        continue;
      }
      if (regular.get(ref.task)!.matrixed && !ref.star) {
        ctx.report.error('matrix-result-not-aggregate', `\`${ref.task}\` is matrixed: use its results in aggregate, e.g. \`$(tasks.${ref.task}.results.<name>[*])\``, ref.at);
      }
      list.push({ name: ref.task, at: ref.at });
      if (!edges.some((e) => e.from === ref.task && e.to === t.name && e.kind === 'result')) edges.push({ from: ref.task, to: t.name, kind: 'result' });
    }
    deps.set(t.name, list);
  }
  reportCycles(ctx, tasks, deps);
  for (const f of finallyTasks) {
    for (const r of f.runAfter) {
      ctx.report.error('finally-run-after', `finally task \`${f.name}\` has \`runAfter\`; finally tasks run after all tasks and take no \`runAfter\` — remove it`, r.node);
    }
    for (const ref of refsOf(ctx, f)) {
      if (ref.scope === 'finally' || fin.has(ref.task)) {
        ctx.report.error('finally-result-ref-finally', `finally task \`${f.name}\` uses a result of finally task \`${ref.task}\`; finally tasks may only use results of \`tasks\``, ref.at);
      } else if (!regular.has(ref.task)) {
        ctx.report.error('pipeline-task-unknown-dependency', `finally task \`${f.name}\` refers to \`${ref.task}\`, which is not a task of this Pipeline${hint(ref.task, regular.keys())}`, ref.at);
      } else if (!ref.status && !edges.some((e) => e.from === ref.task && e.to === f.name)) {
        edges.push({ from: ref.task, to: f.name, kind: 'result' });
      }
    }
  }
  if (finallyTasks.length > 0 && tasks.length === 0) {
    ctx.report.error('finally-without-tasks', '`finally` needs at least one task under `tasks`', finallyTasks[0]!.nameNode);
  }
  return {
    tasks: [...tasks, ...finallyTasks].map((t) => ({
      name: t.name,
      isFinally: t.isFinally,
      matrixed: t.matrixed,
      hasWhen: items(get(t.node, 'when')).length > 0,
      start: t.nameNode.start,
      end: t.nameNode.end,
    })),
    edges,
  };
}

/** Finds cycles with an iterative DFS and names each once, e.g. `a → b → a`. */
function reportCycles(ctx: RuleContext, tasks: readonly PipelineTaskInfo[], deps: ReadonlyMap<string, readonly { name: string; at: Ranged }[]>): void {
  const state = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  for (const root of tasks) {
    if (state.has(root.name)) continue;
    const stack: { name: string; next: number }[] = [{ name: root.name, next: 0 }];
    state.set(root.name, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = deps.get(top.name) ?? [];
      if (top.next >= out.length) {
        state.set(top.name, 2);
        stack.pop();
        continue;
      }
      const dep = out[top.next++]!;
      const s = state.get(dep.name);
      if (s === undefined) {
        state.set(dep.name, 1);
        stack.push({ name: dep.name, next: 0 });
      } else if (s === 1) {
        const from = stack.findIndex((f) => f.name === dep.name);
        const cycle = stack.slice(from).map((f) => f.name);
        const key = [...cycle].sort().join('\u0000');
        if (reported.has(key)) continue;
        reported.add(key);
        // Dependencies point backwards (task → what it waits for): print the cycle in run order, starting
        // from the task written first.
        const reversed = [...cycle].reverse();
        const position = (n: string) => tasks.findIndex((t) => t.name === n);
        const first = reversed.reduce((best, n, i) => (position(n) < position(reversed[best]!) ? i : best), 0);
        const order = [...reversed.slice(first), ...reversed.slice(0, first)];
        const named = [...order, order[0]].map((n) => `\`${n}\``).join(' → ');
        ctx.report.error('pipeline-cycle', `the tasks form a cycle: ${named}; remove one of these dependencies (\`runAfter\` or result reference)`, dep.at);
      }
    }
  }
}
