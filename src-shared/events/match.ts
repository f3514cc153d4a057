// Matches a NormalizedEvent against a TriggerSpec with GitHub's exact semantics, and explains why.
//
// Spec: docs workflow-syntax (`on.push.<branches|tags>`, `on.<push|pull_request>.<paths>`, "Git diff
// comparisons") and events-that-trigger-workflows. The same code path serves the fast check (no trace)
// and the explained one, so the explanation can never disagree with the decision.
import { decidingPattern } from './filters';
import { DEFAULT_TYPES } from './schema';
import type {
  ChangedFiles,
  EventTrigger,
  MatchContext,
  MatchResult,
  NormalizedEvent,
  PatternFilter,
  TriggerSpec,
} from './types';

/** GitHub considers only the first 300 changed files (docs: "Diffs are limited to 300 files"). */
export const MAX_CONSIDERED_FILES = 300;

/** Strings in a push's head commit message that make GitHub skip push workflows (docs: skip-workflow-runs). */
export const SKIP_CI_MARKERS: readonly string[] = [
  '[skip ci]',
  '[ci skip]',
  '[no ci]',
  '[skip actions]',
  '[actions skip]',
];

// Events GitHub runs only when the workflow file exists on the default branch ("branch-requirement").
const DEFAULT_BRANCH_ONLY = new Set(['delete', 'issue_comment', 'schedule', 'workflow_dispatch']);

interface Decision {
  readonly matched: boolean;
  readonly explanation: string;
  /** Set when a path filter must be evaluated and no changed files were given. */
  readonly pending?: boolean;
}

/** True when the event's outcome depends on a path filter, so the caller must fetch changed files. */
export function needsChangedFiles(
  spec: TriggerSpec,
  event: NormalizedEvent,
  ctx?: Omit<MatchContext, 'changedFiles'>,
): boolean {
  return decide(spec, event, { ...ctx, changedFiles: undefined }, undefined).pending === true;
}

/** Matches without building the explanation; for routing one event across many pipelines. */
export function isMatch(spec: TriggerSpec, event: NormalizedEvent, ctx?: MatchContext): boolean {
  return decide(spec, event, ctx, undefined).matched;
}

/** Matches one event against one spec and explains the decision. */
export function matchEvent(spec: TriggerSpec, event: NormalizedEvent, ctx?: MatchContext): MatchResult {
  const steps: string[] = [];
  const d = decide(spec, event, ctx, steps);
  if (steps[steps.length - 1] !== d.explanation) steps.push(d.explanation);
  const trigger = findTrigger(spec, event);
  return {
    matched: d.matched,
    ...(trigger ? { eventKey: trigger.event } : {}),
    explanation: d.explanation,
    steps,
    ...(d.pending ? { needsChangedFiles: true } : {}),
  };
}

function findTrigger(spec: TriggerSpec, event: NormalizedEvent): EventTrigger | undefined {
  const triggers = spec.triggers;
  for (let i = 0; i < triggers.length; i++) if (triggers[i]!.event === event.name) return triggers[i];
  return undefined;
}

const YES: Decision = { matched: true, explanation: '' };
const NO: Decision = { matched: false, explanation: '' };

function yes(why: string | undefined | false): Decision {
  return why ? { matched: true, explanation: why } : YES;
}
function no(why: string | undefined | false): Decision {
  return why ? { matched: false, explanation: why } : NO;
}

function decide(
  spec: TriggerSpec,
  event: NormalizedEvent,
  ctx: MatchContext | undefined,
  trace: string[] | undefined,
): Decision {
  const trigger = findTrigger(spec, event);
  if (!trigger) {
    const listed = spec.triggers.map((t) => `\`${t.event}\``).join(', ') || 'nothing';
    return no(trace && `\`${event.name}\` is not in the annotation (it lists ${listed})`);
  }
  trace?.push(`the annotation lists \`${event.name}\``);
  const definitionRef = ctx?.definitionRef;
  if (definitionRef !== undefined && DEFAULT_BRANCH_ONLY.has(event.name)) {
    const def = event.repository.defaultBranch;
    if (definitionRef !== def && definitionRef !== `refs/heads/${def}`) {
      return no(
        trace &&
          `GitHub runs \`${event.name}\` only from definitions on the default branch \`${def}\`; this one comes from \`${definitionRef}\``,
      );
    }
  }
  switch (event.name) {
    case 'push':
      return decidePush(trigger, event, ctx, trace);
    case 'pull_request':
      return decidePullRequest(trigger, event, ctx, trace);
    case 'release': {
      const t = decideTypes(trigger, event, trace);
      if (t) return t;
      if (
        event.release?.draft &&
        (event.action === 'created' || event.action === 'edited' || event.action === 'deleted')
      ) {
        return no(trace && `GitHub does not run workflows for \`${event.action}\` on a draft release`);
      }
      return yes(trace && `matched \`release\` (\`${event.action ?? ''}\`)`);
    }
    case 'issue_comment': {
      const t = decideTypes(trigger, event, trace);
      return t ?? yes(trace && `matched \`issue_comment\` (\`${event.action ?? ''}\`)`);
    }
    case 'deployment_status':
      if (event.deploymentState === 'inactive') {
        return no(trace && 'GitHub does not run workflows for deployment statuses set to `inactive`');
      }
      return yes(trace && `matched \`deployment_status\` (\`${event.deploymentState ?? ''}\`)`);
    case 'schedule': {
      const wanted = event.schedule?.trim().replace(/\s+/g, ' ');
      if (wanted === undefined) return yes(trace && 'matched `schedule`');
      const hit = trigger.schedules?.find((s) => s.cron.replace(/\s+/g, ' ') === wanted);
      return hit
        ? yes(trace && `matched \`schedule\` entry \`${hit.cron}\``)
        : no(trace && `no \`schedule\` entry is \`${event.schedule ?? ''}\``);
    }
    case 'workflow_dispatch': {
      const missing = trigger.inputs?.find(
        (i) => i.required && i.default === undefined && !(event.inputs && i.name in event.inputs),
      );
      if (missing) return no(trace && `required input \`${missing.name}\` was not given`);
      // GitHub refuses a dispatch whose values do not fit the declared input types.
      for (const input of trigger.inputs ?? []) {
        const value = event.inputs?.[input.name];
        if (value === undefined) continue;
        if (input.type === 'choice' && input.options && !input.options.includes(value)) {
          return no(
            trace && `input \`${input.name}\` must be one of ${input.options.join(', ')}, got \`${value}\``,
          );
        }
        if (input.type === 'boolean' && value !== 'true' && value !== 'false') {
          return no(trace && `input \`${input.name}\` must be \`true\` or \`false\`, got \`${value}\``);
        }
        if (input.type === 'number' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
          return no(trace && `input \`${input.name}\` must be a number, got \`${value}\``);
        }
      }
      return yes(trace && `matched \`workflow_dispatch\` on \`${event.refName ?? event.ref ?? ''}\``);
    }
    default:
      return yes(trace && `matched \`${event.name}\``);
  }
}

function decideTypes(
  trigger: EventTrigger,
  event: NormalizedEvent,
  trace: string[] | undefined,
): Decision | undefined {
  const action = event.action;
  const types = trigger.types ?? DEFAULT_TYPES[event.name];
  if (types === undefined) {
    trace?.push(`no \`types\` given: every \`${event.name}\` activity counts`);
    return undefined;
  }
  if (action !== undefined && types.includes(action)) {
    trace?.push(
      `activity \`${action}\` is in ${trigger.types ? '`types`' : 'the default types'} (${types.join(', ')})`,
    );
    return undefined;
  }
  return no(
    trace &&
      `activity \`${action ?? '(none)'}\` is not in ${trigger.types ? '`types`' : `the default types of \`${event.name}\``} (${types.join(', ')})`,
  );
}

function decidePush(
  trigger: EventTrigger,
  event: NormalizedEvent,
  ctx: MatchContext | undefined,
  trace: string[] | undefined,
): Decision {
  const message = event.headCommitMessage;
  if (message !== undefined) {
    for (const marker of SKIP_CI_MARKERS) {
      if (message.includes(marker))
        return no(trace && `the head commit message contains \`${marker}\`, so GitHub skips push workflows`);
    }
  }
  const name = event.refName ?? '';
  if (event.refType === 'tag') {
    if (trigger.tags) {
      const r = decideRefFilter(trigger.tags, name, 'tag', trace);
      if (!r.matched) return r;
    } else if (trigger.branches) {
      return no(trace && `only branch filters are defined, so tag pushes do not match (tag \`${name}\`)`);
    }
    if (trigger.paths) trace?.push('path filters are not evaluated for tag pushes');
    return yes(trace && `matched \`push\` of tag \`${name}\``);
  }
  if (event.refType !== 'branch')
    return no(trace && `ref \`${event.ref ?? ''}\` is neither a branch nor a tag`);
  if (trigger.branches) {
    const r = decideRefFilter(trigger.branches, name, 'branch', trace);
    if (!r.matched) return r;
  } else if (trigger.tags) {
    return no(trace && `only tag filters are defined, so branch pushes do not match (branch \`${name}\`)`);
  }
  if (trigger.paths) {
    if (event.deleted)
      return no(
        trace && `branch \`${name}\` was deleted: no changed files, so \`${trigger.paths.key}\` cannot match`,
      );
    const p = decidePaths(trigger.paths, changedFilesOf(event, ctx), trace);
    if (!p.matched) return p;
  }
  return yes(trace && `matched \`push\` to branch \`${name}\``);
}

function decidePullRequest(
  trigger: EventTrigger,
  event: NormalizedEvent,
  ctx: MatchContext | undefined,
  trace: string[] | undefined,
): Decision {
  const t = decideTypes(trigger, event, trace);
  if (t) return t;
  if (event.mergeable === false && event.prState !== 'closed') {
    return no(
      trace &&
        `pull request #${event.prNumber ?? ''} has a merge conflict; GitHub runs no \`pull_request\` workflows until it is resolved`,
    );
  }
  const base = event.baseRef ?? '';
  if (trigger.branches) {
    trace?.push('`branches` filters on the base branch of the pull request');
    const r = decideRefFilter(trigger.branches, base, 'base branch', trace);
    if (!r.matched) return r;
  }
  if (trigger.paths) {
    const p = decidePaths(trigger.paths, changedFilesOf(event, ctx), trace);
    if (!p.matched) return p;
  }
  return yes(trace && `matched \`pull_request\` (\`${event.action ?? ''}\`) into \`${base}\``);
}

// Files listed in the payload itself (a new branch's commits) need no fetching.
function changedFilesOf(event: NormalizedEvent, ctx: MatchContext | undefined): ChangedFiles | undefined {
  if (ctx?.changedFiles) return ctx.changedFiles;
  const source = event.changedFiles;
  return source.kind === 'commits' ? { files: source.files, complete: true } : undefined;
}

function decideRefFilter(
  filter: PatternFilter,
  name: string,
  what: string,
  trace: string[] | undefined,
): Decision {
  const i = decidingPattern(filter, name);
  const p = i >= 0 ? filter.patterns[i]! : undefined;
  if (filter.isIgnore) {
    // In an ignore list the last matching pattern decides too: a later `!` pattern re-includes.
    if (p && !p.negated) return no(trace && `${filter.key} pattern \`${p.source}\` excluded \`${name}\``);
    trace?.push(
      p
        ? `${filter.key} pattern \`${p.source}\` kept ${what} \`${name}\``
        : `no ${filter.key} pattern matches ${what} \`${name}\``,
    );
    return YES;
  }
  if (!p) return no(trace && `no ${filter.key} pattern matches ${what} \`${name}\``);
  if (p.negated) return no(trace && `${filter.key} pattern \`${p.source}\` excluded \`${name}\``);
  trace?.push(`${filter.key} pattern \`${p.source}\` matched ${what} \`${name}\``);
  return YES;
}

function decidePaths(
  filter: PatternFilter,
  changed: ChangedFiles | undefined,
  trace: string[] | undefined,
): Decision {
  if (!changed)
    return {
      matched: false,
      pending: true,
      explanation: trace ? `\`${filter.key}\` needs the changed files, which were not given` : '',
    };
  if (!changed.complete) {
    trace?.push(
      `the diff is not available (more than 1,000 commits or it could not be computed), so \`${filter.key}\` counts as matched`,
    );
    return YES;
  }
  const total = changed.files.length;
  if (total === 0) return no(trace && `no files changed, so \`${filter.key}\` cannot match`);
  const n = Math.min(total, MAX_CONSIDERED_FILES);
  if (total > n)
    trace?.push(`only the first ${MAX_CONSIDERED_FILES} of ${total} changed files are considered`);
  const files = changed.files;
  for (let k = 0; k < n; k++) {
    const file = files[k]!;
    const i = decidingPattern(filter, file);
    const p = i >= 0 ? filter.patterns[i]! : undefined;
    // A file counts for `paths` when its deciding pattern is positive; for `paths-ignore` when it is not ignored.
    const counts = filter.isIgnore ? !p || p.negated : p !== undefined && !p.negated;
    if (counts) {
      trace?.push(
        filter.isIgnore
          ? `changed file \`${file}\` is not ignored by \`paths-ignore\``
          : `\`paths\` pattern \`${p!.source}\` matched changed file \`${file}\``,
      );
      return YES;
    }
  }
  return no(
    trace &&
      (filter.isIgnore
        ? `every changed file is ignored by \`paths-ignore\` (${describeFiles(files, n)})`
        : `no changed file matches \`paths\` (${describeFiles(files, n)})`),
  );
}

function describeFiles(files: readonly string[], n: number): string {
  const shown = files.slice(0, Math.min(n, 3)).map((f) => `\`${f}\``);
  return n > 3 ? `${shown.join(', ')} and ${n - 3} more` : shown.join(', ');
}
