// Builds NormalizedEvents from a few form fields, for the trigger simulator (what GitHub would send, reduced).
import type { EventRepository, NormalizedEvent } from '../events/types';

/** The repository the simulator pretends to be in. */
export interface SimulatedRepository {
  readonly owner: string;
  readonly name: string;
  readonly defaultBranch: string;
}

/** The fields a user picks for one simulated event. */
export type SimulatedEventInput =
  | { readonly kind: 'push'; readonly refType: 'branch' | 'tag'; readonly name: string; readonly message?: string }
  | { readonly kind: 'pull_request'; readonly action: string; readonly base: string; readonly head: string; readonly merged?: boolean }
  | { readonly kind: 'release'; readonly action: string; readonly tag: string; readonly prerelease?: boolean; readonly draft?: boolean }
  | { readonly kind: 'deployment'; readonly environment: string; readonly ref: string }
  | { readonly kind: 'deployment_status'; readonly environment: string; readonly ref: string; readonly state: string }
  | { readonly kind: 'create' | 'delete'; readonly refType: 'branch' | 'tag'; readonly name: string }
  | { readonly kind: 'workflow_dispatch'; readonly ref: string; readonly inputs: Readonly<Record<string, string>> }
  | { readonly kind: 'schedule'; readonly cron: string }
  | { readonly kind: 'issue_comment'; readonly comment: string; readonly prNumber?: number };

/** A placeholder repository used until the open folder tells us better. */
export const EXAMPLE_REPOSITORY: SimulatedRepository = { owner: 'my-org', name: 'my-app', defaultBranch: 'main' };

const SHA_BEFORE = 'a'.repeat(40);
const SHA_AFTER = 'b'.repeat(40);
const SIM_DELIVERY = 'simulated-delivery';

/** The event GitHub would send for `input` (without changed files: the simulator passes them separately). */
export function buildSimulatedEvent(input: SimulatedEventInput, repo: SimulatedRepository = EXAMPLE_REPOSITORY): NormalizedEvent {
  const repository: EventRepository = {
    owner: repo.owner,
    name: repo.name,
    fullName: `${repo.owner}/${repo.name}`,
    cloneUrl: `https://github.com/${repo.owner}/${repo.name}.git`,
    htmlUrl: `https://github.com/${repo.owner}/${repo.name}`,
    defaultBranch: repo.defaultBranch,
    private: true,
  };
  const base = { deleted: false, created: false, sender: 'you', repository, deliveryId: SIM_DELIVERY } as const;
  const refOf = (refType: 'branch' | 'tag', name: string): string => `refs/${refType === 'branch' ? 'heads' : 'tags'}/${name}`;
  switch (input.kind) {
    case 'push':
      return {
        ...base,
        name: 'push',
        ref: refOf(input.refType, input.name),
        refType: input.refType,
        refName: input.name,
        before: SHA_BEFORE,
        after: SHA_AFTER,
        sha: SHA_AFTER,
        headCommitMessage: input.message ?? 'a change',
        changedFiles: input.refType === 'tag' ? { kind: 'none' } : { kind: 'compare', base: SHA_BEFORE, head: SHA_AFTER },
      };
    case 'pull_request':
      return {
        ...base,
        name: 'pull_request',
        action: input.action,
        ref: 'refs/pull/1/merge',
        refName: '1/merge',
        sha: SHA_AFTER,
        baseRef: input.base,
        headRef: input.head,
        headSha: SHA_AFTER,
        prNumber: 1,
        merged: input.merged ?? false,
        prState: input.action === 'closed' ? 'closed' : 'open',
        mergeable: null,
        changedFiles: { kind: 'pull_request', number: 1 },
      };
    case 'release':
      return {
        ...base,
        name: 'release',
        action: input.action,
        ref: refOf('tag', input.tag),
        refType: 'tag',
        refName: input.tag,
        sha: '',
        release: { tag: input.tag, prerelease: input.prerelease ?? false, draft: input.draft ?? false },
        changedFiles: { kind: 'none' },
      };
    case 'deployment':
    case 'deployment_status':
      return {
        ...base,
        name: input.kind,
        ...(input.kind === 'deployment_status' ? { action: 'created', deploymentState: input.state } : { action: 'created' }),
        ref: input.ref,
        refName: input.ref,
        sha: SHA_AFTER,
        environment: input.environment,
        deploymentId: 1,
        changedFiles: { kind: 'none' },
      };
    case 'create':
    case 'delete':
      return {
        ...base,
        name: input.kind,
        ref: refOf(input.refType, input.name),
        refType: input.refType,
        refName: input.name,
        sha: '',
        created: input.kind === 'create',
        deleted: input.kind === 'delete',
        changedFiles: { kind: 'none' },
      };
    case 'workflow_dispatch':
      return {
        ...base,
        name: 'workflow_dispatch',
        ref: refOf('branch', input.ref),
        refType: 'branch',
        refName: input.ref,
        sha: '',
        inputs: input.inputs,
        changedFiles: { kind: 'none' },
      };
    case 'schedule':
      return { ...base, name: 'schedule', sha: '', schedule: input.cron, changedFiles: { kind: 'none' } };
    case 'issue_comment':
      return {
        ...base,
        name: 'issue_comment',
        action: 'created',
        sha: '',
        comment: input.comment,
        issueNumber: input.prNumber ?? 1,
        ...(input.prNumber !== undefined ? { prNumber: input.prNumber } : {}),
        changedFiles: { kind: 'none' },
      };
  }
}

/** A column of the simulator table. */
export interface CommonEvent {
  /** `push-default`, `push-feature`, `pr-opened`, `tag`, `deployment` for the common ones. */
  readonly id: string;
  readonly title: string;
  readonly input: SimulatedEventInput;
  /** A real delivery's normalized event (from its GitHubEvent object): used instead of building one from `input`. */
  readonly delivered?: NormalizedEvent;
}

/** The common events of the simulator table, for a repository's default branch. */
export function commonEvents(repo: SimulatedRepository = EXAMPLE_REPOSITORY): readonly CommonEvent[] {
  return [
    { id: 'push-default', title: `push to ${repo.defaultBranch}`, input: { kind: 'push', refType: 'branch', name: repo.defaultBranch } },
    { id: 'push-feature', title: 'push to feature/x', input: { kind: 'push', refType: 'branch', name: 'feature/x' } },
    { id: 'pr-opened', title: `PR opened → ${repo.defaultBranch}`, input: { kind: 'pull_request', action: 'opened', base: repo.defaultBranch, head: 'feature/x' } },
    { id: 'tag', title: 'tag v1.0.0', input: { kind: 'push', refType: 'tag', name: 'v1.0.0' } },
    { id: 'deployment', title: 'deployment (production)', input: { kind: 'deployment', environment: 'production', ref: repo.defaultBranch } },
  ];
}
