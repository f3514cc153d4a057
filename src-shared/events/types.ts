// Public data types of the event module: annotation spec, normalized webhook events, match results.

/** The Pipeline annotation whose value (GitHub Actions `on:` syntax, as YAML text) selects triggering events. */
export const EVENT_ANNOTATION = 'pipe.linecorp.com/event';

/** Every event the annotation can name, in documentation order. */
export const EVENT_NAMES = [
  'push',
  'pull_request',
  'release',
  'deployment',
  'deployment_status',
  'create',
  'delete',
  'issue_comment',
  'workflow_dispatch',
  'schedule',
] as const;

/** A GitHub event PIPE can trigger on. */
export type EventName = (typeof EVENT_NAMES)[number];

/** A problem in the annotation value; positions are 1-based, inside the annotation value text. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A filter list key as written in the annotation. */
export type FilterKey = 'branches' | 'branches-ignore' | 'tags' | 'tags-ignore' | 'paths' | 'paths-ignore';

/** One compiled pattern of a filter list (`!` already stripped into `negated`). */
export interface CompiledPattern {
  /** The pattern exactly as written, including a leading `!`. */
  readonly source: string;
  readonly negated: boolean;
  /** Whole-name match of the glob (without the `!`); linear time in pattern × input. */
  readonly test: (name: string) => boolean;
}

/** A compiled filter list, e.g. `branches-ignore: [...]`. */
export interface PatternFilter {
  readonly key: FilterKey;
  /** True for the `*-ignore` keys: a match excludes. */
  readonly isIgnore: boolean;
  readonly patterns: readonly CompiledPattern[];
}

/** A `workflow_dispatch` input declaration. */
export interface DispatchInput {
  readonly name: string;
  readonly description?: string;
  readonly required: boolean;
  readonly type: 'string' | 'boolean' | 'choice' | 'number' | 'environment';
  readonly default?: string;
  readonly options?: readonly string[];
}

/** A validated `schedule` entry (5-field cron, UTC). */
export interface CronSchedule {
  readonly cron: string;
  /** IANA zone from `timezone:` (GitHub's newer schema); UTC when absent. */
  readonly timezone?: string;
}

/** The filters of one event key of the annotation. */
export interface EventTrigger {
  readonly event: EventName;
  /** Activity types written by the user; undefined means the event's default set. */
  readonly types?: readonly string[];
  /** `branches` or `branches-ignore` (never both: that is a parse error). */
  readonly branches?: PatternFilter;
  readonly tags?: PatternFilter;
  readonly paths?: PatternFilter;
  readonly inputs?: readonly DispatchInput[];
  readonly schedules?: readonly CronSchedule[];
}

/** A compiled annotation: one trigger per event key, in source order; patterns are compiled once. */
export interface TriggerSpec {
  readonly triggers: readonly EventTrigger[];
}

/** Where the changed files of an event come from (the caller fetches them; this module stays pure). */
export type ChangedFilesSource =
  | { readonly kind: 'none' }
  /** Two-dot diff `base..head` (push); for a new branch `base` is the parent of the deepest pushed commit, unknown here → the caller resolves it from `head`. */
  | { readonly kind: 'compare'; readonly base: string; readonly head: string }
  /** Three-dot diff of a pull request (the pulls files API). */
  | { readonly kind: 'pull_request'; readonly number: number }
  /** Files listed in the payload's commits (added/removed/modified). */
  | { readonly kind: 'commits'; readonly files: readonly string[] };

/** The repository an event happened in. */
export interface EventRepository {
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly cloneUrl: string;
  readonly htmlUrl: string;
  readonly defaultBranch: string;
  readonly private: boolean;
}

/** A GitHub webhook (or manual/scheduled trigger) reduced to what matching and templating need. */
export interface NormalizedEvent {
  readonly name: EventName;
  readonly action?: string;
  readonly deliveryId?: string;
  /** Full ref, e.g. `refs/heads/main`; empty string when GitHub sends none (deployment from a SHA). */
  readonly ref?: string;
  readonly refType?: 'branch' | 'tag';
  /** Short ref name: `main`, `v1.2`. */
  readonly refName?: string;
  readonly before?: string;
  readonly after?: string;
  /** The commit a run should build (`after`, PR head, deployment sha, …); empty when unknown. */
  readonly sha: string;
  readonly deleted: boolean;
  readonly created: boolean;
  readonly forced?: boolean;
  readonly commitCount?: number;
  readonly baseRef?: string;
  readonly headRef?: string;
  readonly headSha?: string;
  readonly prNumber?: number;
  readonly merged?: boolean;
  readonly environment?: string;
  readonly deploymentId?: number;
  /** deployment_status: `success`, `failure`, `inactive`, … (`inactive` never triggers, per GitHub). */
  readonly deploymentState?: string;
  /** push: message of the head commit (for `[skip ci]`). */
  readonly headCommitMessage?: string;
  /** pull_request: the head branch lives in another repository. */
  readonly fork?: boolean;
  /** pull_request: GitHub's `mergeable` (null while GitHub computes it); false → GitHub does not run `pull_request` workflows. */
  readonly mergeable?: boolean | null;
  /** pull_request: `open` or `closed`. */
  readonly prState?: string;
  /** issue_comment: number of the issue or pull request commented on. */
  readonly issueNumber?: number;
  readonly sender: string;
  readonly repository: EventRepository;
  readonly changedFiles: ChangedFilesSource;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly comment?: string;
  readonly release?: { readonly tag: string; readonly prerelease: boolean; readonly draft: boolean };
  readonly schedule?: string;
}

/** The changed files of an event, fetched by the caller. */
export interface ChangedFiles {
  readonly files: readonly string[];
  /** false when >1000 commits or the diff could not be computed → path filters count as matched. */
  readonly complete: boolean;
}

/** Context for matching: what the caller could find out beyond the payload. */
export interface MatchContext {
  readonly changedFiles?: ChangedFiles;
  /**
   * Where the Pipeline definition was read from, when definitions live in the repository (e.g. `main`
   * or `refs/heads/main`). GitHub runs delete, issue_comment, schedule and workflow_dispatch only from
   * definitions on the default branch; leave undefined for Pipelines held in the cluster.
   */
  readonly definitionRef?: string;
}

/** Outcome of matching one event against one annotation, with the reasoning. */
export interface MatchResult {
  readonly matched: boolean;
  /** The annotation key that decided (`push`, `pull_request`, …), when the event has one. */
  readonly eventKey?: string;
  /** One human sentence, e.g. "branches-ignore pattern `release/**` excluded `release/1.2`". */
  readonly explanation: string;
  /** Every check made, in order, as human sentences. */
  readonly steps: readonly string[];
  /** True when only a path filter remains and no changed files were given (see needsChangedFiles). */
  readonly needsChangedFiles?: boolean;
}
