// The documented event variables a Pipeline param binds by name (param `revision` ← the event's commit).
import type { NormalizedEvent } from './types';

/** One event variable: the Pipeline param name that receives it and what it holds. */
export interface EventVariable {
  readonly name: string;
  readonly description: string;
}

/** Variables available to Pipeline params (param name = variable name); values are always strings. */
export const EVENT_VARIABLES: readonly EventVariable[] = [
  {
    name: 'revision',
    description:
      'Commit SHA to build: pushed commit, PR head (merge commit once merged), deployment SHA; resolved by pipe-events for events without one',
  },
  { name: 'repo-url', description: 'Clone URL of the repository (https)' },
  { name: 'repo-html-url', description: 'Web URL of the repository' },
  { name: 'repo-full-name', description: '`owner/name` of the repository' },
  { name: 'repo-owner', description: 'Owner (user or organization) of the repository' },
  { name: 'repo-name', description: 'Name of the repository without the owner' },
  { name: 'default-branch', description: 'Default branch of the repository' },
  {
    name: 'ref',
    description:
      'Full Git ref as GitHub sets GITHUB_REF, e.g. `refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge`',
  },
  { name: 'ref-name', description: 'Short ref name, e.g. `main`, `v1`, `7/merge`' },
  { name: 'ref-type', description: '`branch` or `tag` when the ref is one' },
  {
    name: 'branch',
    description:
      'Branch of the commit built: the pushed/created/deleted branch; for pull requests the head branch (the base branch once merged)',
  },
  { name: 'tag', description: 'Tag name for tag pushes, tag create/delete and releases' },
  { name: 'before', description: 'push: SHA before the push (all zeros for a new ref)' },
  { name: 'after', description: 'push: SHA after the push (all zeros for a deleted ref)' },
  { name: 'pr-number', description: 'Pull request number (pull_request; issue_comment on a pull request)' },
  { name: 'base-branch', description: 'pull_request: base (target) branch' },
  { name: 'head-branch', description: 'pull_request: head (source) branch' },
  { name: 'head-sha', description: 'pull_request: head commit SHA' },
  { name: 'pr-merged', description: 'pull_request: `true` when the pull request was merged' },
  { name: 'issue-number', description: 'issue_comment: number of the issue or pull request' },
  { name: 'comment', description: 'issue_comment: comment body (untrusted text; bound as a plain string)' },
  { name: 'release-tag', description: 'release: tag name of the release' },
  { name: 'release-prerelease', description: 'release: `true` for a pre-release' },
  { name: 'environment', description: 'deployment, deployment_status: target environment' },
  { name: 'deployment-id', description: 'deployment, deployment_status: deployment id' },
  { name: 'deployment-state', description: 'deployment_status: state (`success`, `failure`, …)' },
  { name: 'schedule', description: 'schedule: the cron expression that fired' },
  { name: 'sender', description: 'Login of the user who caused the event' },
  { name: 'event-type', description: 'GitHub event name, e.g. `push`, `pull_request`' },
  { name: 'action', description: 'Activity type, e.g. `opened`, `published`' },
  {
    name: 'delivery-id',
    description: 'X-GitHub-Delivery of the webhook (or the id of a manual/scheduled run)',
  },
];

/** Values of the event variables for one event; variables without a value are absent. */
export function eventVariables(event: NormalizedEvent): Record<string, string> {
  const v: Record<string, string> = {};
  const set = (name: string, value: string | number | boolean | undefined): void => {
    if (value === undefined || value === '') return;
    v[name] = String(value);
  };
  const r = event.repository;
  set('revision', event.sha);
  set('repo-url', r.cloneUrl);
  set('repo-html-url', r.htmlUrl);
  set('repo-full-name', r.fullName);
  set('repo-owner', r.owner);
  set('repo-name', r.name);
  set('default-branch', r.defaultBranch);
  set('ref', event.ref);
  set('ref-name', event.refName);
  set('ref-type', event.refType);
  if (event.name === 'pull_request') {
    set('branch', event.merged ? event.baseRef : event.headRef);
  } else if (event.refType === 'branch') {
    set('branch', event.refName);
  }
  if (event.refType === 'tag') set('tag', event.refName);
  if (event.name === 'push') {
    set('before', event.before);
    set('after', event.after);
  }
  set('pr-number', event.prNumber);
  set('base-branch', event.baseRef);
  set('head-branch', event.headRef);
  set('head-sha', event.headSha);
  if (event.name === 'pull_request') set('pr-merged', event.merged === true);
  set('issue-number', event.issueNumber);
  set('comment', event.comment);
  set('release-tag', event.release?.tag);
  if (event.release) set('release-prerelease', event.release.prerelease);
  set('environment', event.environment);
  set('deployment-id', event.deploymentId);
  set('deployment-state', event.deploymentState);
  set('schedule', event.schedule);
  set('sender', event.sender);
  set('event-type', event.name);
  set('action', event.action);
  set('delivery-id', event.deliveryId);
  return v;
}
