// Who may run pipelines from a pull request, and from which definitions (issue 9 item 2: fork PRs are hostile input).
import type { NormalizedEvent } from '../../src-shared/events';

/** What the signed `pull_request` payload said about the PR's origin (recorded on the event object at intake). */
export interface PullRequestOrigin {
  /** PR author's login (`pull_request.user.login`). */
  readonly author: string;
  /** `pull_request.author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE, …). */
  readonly authorAssociation: string;
  /** `pull_request.head.repo.full_name`; empty when GitHub sends none (the fork was deleted). */
  readonly headRepository: string;
}

/** The fork policy from the config. */
export interface ForkPolicy {
  /** Logins trusted in addition to the associations (case-insensitive). */
  readonly trustedUsers: readonly string[];
  readonly trustedAssociations: readonly string[];
  /** `base` (default): definitions are read from the base branch for fork PRs; `head`: from the fork's commit. */
  readonly definitionsFrom: 'base' | 'head';
}

/** What the gate decided for one event. */
export type ForkDecision =
  | { readonly kind: 'not-fork' }
  | { readonly kind: 'trusted'; readonly definitionsRef: string; readonly reason: string }
  | { readonly kind: 'untrusted'; readonly reason: string };

/** Reads the origin fields from a `pull_request` payload (undefined for other shapes). */
export function pullRequestOrigin(payload: Readonly<Record<string, unknown>>): PullRequestOrigin | undefined {
  const pr = asRecord(payload.pull_request);
  if (!pr) return undefined;
  const head = asRecord(pr.head);
  const headRepo = asRecord(head?.repo);
  const user = asRecord(pr.user);
  return {
    author: typeof user?.login === 'string' ? user.login : '',
    authorAssociation: typeof pr.author_association === 'string' ? pr.author_association : 'NONE',
    headRepository: typeof headRepo?.full_name === 'string' ? headRepo.full_name : '',
  };
}

/**
 * Decides whether a pull_request event may run and from which ref its definitions come.
 * A PR whose head is not the base repository (including a deleted fork) is a fork PR; a fork PR without a
 * recorded origin is untrusted.
 */
export function decideFork(
  event: NormalizedEvent,
  origin: PullRequestOrigin | undefined,
  policy: ForkPolicy,
): ForkDecision {
  // A merged PR builds its merge commit on the base branch: code a maintainer merged, not the fork's.
  if (event.name !== 'pull_request' || event.merged === true) return { kind: 'not-fork' };
  const isFork = origin
    ? origin.headRepository.toLowerCase() !== event.repository.fullName.toLowerCase()
    : event.fork !== false;
  if (!isFork) return { kind: 'not-fork' };
  if (!origin) return { kind: 'untrusted', reason: 'fork pull request without a recorded author' };
  const byUser = policy.trustedUsers.some((u) => u.toLowerCase() === origin.author.toLowerCase());
  const byAssociation = policy.trustedAssociations.includes(origin.authorAssociation);
  const who = `@${origin.author || 'unknown'} (${origin.authorAssociation})`;
  if (!byUser && !byAssociation)
    return {
      kind: 'untrusted',
      reason: `Not run: fork PR by ${who}; a maintainer must approve ${event.sha ? event.sha.slice(0, 7) : 'this commit'} with /ok-to-test (each push needs a new approval)`,
    };
  const definitionsRef =
    policy.definitionsFrom === 'head' || !event.baseRef ? event.sha : `refs/heads/${event.baseRef}`;
  return {
    kind: 'trusted',
    definitionsRef,
    reason: `fork pull request by trusted ${who}; pipeline definitions from ${policy.definitionsFrom === 'head' ? 'the fork' : 'the base branch'}`,
  };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
