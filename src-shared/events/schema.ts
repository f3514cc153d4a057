// What the annotation may contain per event: keys, activity types, defaults (from GitHub's workflow schema).
import { EVENT_NAMES, type EventName } from './types';
import { editDistance } from '../util/edit-distance';

/** Keys each event accepts in its map form. */
export const EVENT_KEYS: Readonly<Record<EventName, readonly string[]>> = {
  push: ['branches', 'branches-ignore', 'tags', 'tags-ignore', 'paths', 'paths-ignore'],
  pull_request: ['types', 'branches', 'branches-ignore', 'paths', 'paths-ignore'],
  release: ['types'],
  deployment: [],
  deployment_status: [],
  create: [],
  delete: [],
  issue_comment: ['types'],
  workflow_dispatch: ['inputs'],
  schedule: [],
};

/** Activity types per event (docs: events-that-trigger-workflows; workflow-v1.0.json allowed values). */
export const ACTIVITY_TYPES: Readonly<Partial<Record<EventName, readonly string[]>>> = {
  pull_request: [
    'assigned',
    'unassigned',
    'labeled',
    'unlabeled',
    'opened',
    'edited',
    'closed',
    'reopened',
    'synchronize',
    'converted_to_draft',
    'locked',
    'unlocked',
    'enqueued',
    'dequeued',
    'milestoned',
    'demilestoned',
    'ready_for_review',
    'review_requested',
    'review_request_removed',
    'auto_merge_enabled',
    'auto_merge_disabled',
    'stacked',
  ],
  release: ['published', 'unpublished', 'created', 'edited', 'deleted', 'prereleased', 'released'],
  issue_comment: ['created', 'edited', 'deleted'],
};

/** Activity types that trigger when `types` is omitted; events not listed trigger on every activity. */
export const DEFAULT_TYPES: Readonly<Partial<Record<EventName, readonly string[]>>> = {
  // docs: "By default, a workflow only runs when a pull_request event's activity type is opened, synchronize, or reopened."
  pull_request: ['opened', 'synchronize', 'reopened'],
};

/** GitHub events a workflow can use that PIPE does not trigger on (named in errors instead of "unknown"). */
export const UNSUPPORTED_GITHUB_EVENTS: readonly string[] = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'image_version',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'project',
  'project_card',
  'project_column',
  'public',
  'pull_request_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'registry_package',
  'repository_dispatch',
  'status',
  'watch',
  'workflow_call',
  'workflow_run',
];

/** True when `name` is an event PIPE supports. */
export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

/** The closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
