// GitHub webhook payloads (X-GitHub-Event + JSON body) → NormalizedEvent.
//
// Payload shapes: GitHub's "Webhook events and payloads" page and @octokit/webhooks-examples.
// `sha` is the commit a run builds; it is '' when the payload does not carry it (create, delete,
// release, issue_comment, workflow_dispatch, schedule): the caller resolves the ref, as GitHub does.
import type { ChangedFilesSource, EventName, EventRepository, NormalizedEvent } from './types';
import { EVENT_NAMES } from './types';

/** Webhook event names normalizeWebhook understands (`schedule` takes a synthetic `{ schedule, repository }`). */
export const SUPPORTED_WEBHOOK_EVENTS: readonly EventName[] = EVENT_NAMES;

const ZERO_SHA = /^0+$/;
const FULL_SHA = /^[0-9a-f]{40}$/i;
// GitHub caps the commits listed in a push payload; past this the list may be partial.
const PAYLOAD_COMMIT_CAP = 20;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function bool(v: unknown): boolean {
  return v === true;
}

/** Splits a full ref into type and short name (`refs/heads/a/b` → branch `a/b`). */
export function parseRef(ref: string): { refType?: 'branch' | 'tag'; refName: string } {
  if (ref.startsWith('refs/heads/')) return { refType: 'branch', refName: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { refType: 'tag', refName: ref.slice('refs/tags/'.length) };
  return { refName: ref };
}

/** Reads the repository object every supported payload carries; undefined when it is missing. */
export function normalizeRepository(payload: Json): EventRepository | undefined {
  const repo = obj(payload['repository']);
  if (!repo) return undefined;
  const name = str(repo['name']);
  const owner = obj(repo['owner']);
  const ownerName = str(owner?.['login']) ?? str(owner?.['name']);
  const fullName = str(repo['full_name']) ?? (ownerName && name ? `${ownerName}/${name}` : undefined);
  if (!name || !fullName) return undefined;
  const htmlUrl = str(repo['html_url']) ?? `https://github.com/${fullName}`;
  return {
    owner: ownerName ?? fullName.split('/')[0]!,
    name,
    fullName,
    cloneUrl: str(repo['clone_url']) ?? `${htmlUrl}.git`,
    htmlUrl,
    defaultBranch: str(repo['default_branch']) ?? str(repo['master_branch']) ?? 'main',
    private: bool(repo['private']),
  };
}

/** Normalizes a webhook payload; undefined when the event is not supported or the payload is not usable. */
export function normalizeWebhook(
  eventName: string,
  payload: unknown,
  deliveryId?: string,
): NormalizedEvent | undefined {
  const p = obj(payload);
  if (!p) return undefined;
  const repository = normalizeRepository(p);
  if (!repository) return undefined;
  const sender = str(obj(p['sender'])?.['login']) ?? str(obj(p['pusher'])?.['name']) ?? '';
  const base = { repository, sender, ...(deliveryId !== undefined ? { deliveryId } : {}) };
  const action = str(p['action']);
  const withAction = action !== undefined ? { action } : {};
  switch (eventName) {
    case 'push':
      return normalizePush(p, base);
    case 'pull_request':
      return normalizePullRequest(p, { ...base, ...withAction });
    case 'release': {
      const release = obj(p['release']);
      const tag = str(release?.['tag_name']);
      if (!release || tag === undefined) return undefined;
      return {
        ...base,
        ...withAction,
        name: 'release',
        ref: `refs/tags/${tag}`,
        refType: 'tag',
        refName: tag,
        sha: '',
        deleted: false,
        created: false,
        changedFiles: { kind: 'none' },
        release: { tag, prerelease: bool(release['prerelease']), draft: bool(release['draft']) },
      };
    }
    case 'deployment':
    case 'deployment_status': {
      const deployment = obj(p['deployment']);
      if (!deployment) return undefined;
      const status = obj(p['deployment_status']);
      const sha = str(deployment['sha']) ?? '';
      const givenRef = str(deployment['ref']) ?? '';
      // A deployment created from a commit SHA has no Git ref (docs: events-that-trigger-workflows#deployment).
      const fromSha = givenRef === '' || givenRef === sha || FULL_SHA.test(givenRef);
      const environment = str(status?.['environment']) ?? str(deployment['environment']);
      const id = num(deployment['id']);
      const state = str(status?.['state']);
      return {
        ...base,
        ...withAction,
        name: eventName,
        ref: fromSha ? '' : givenRef,
        ...(fromSha ? {} : refFields(givenRef)),
        sha,
        deleted: false,
        created: false,
        changedFiles: { kind: 'none' },
        ...(environment !== undefined ? { environment } : {}),
        ...(id !== undefined ? { deploymentId: id } : {}),
        ...(state !== undefined ? { deploymentState: state } : {}),
      };
    }
    case 'create':
    case 'delete': {
      const short = str(p['ref']);
      const refType = str(p['ref_type']);
      if (short === undefined || (refType !== 'branch' && refType !== 'tag')) return undefined;
      return {
        ...base,
        name: eventName,
        ref: `${refType === 'branch' ? 'refs/heads/' : 'refs/tags/'}${short}`,
        refType,
        refName: short,
        sha: '',
        deleted: eventName === 'delete',
        created: eventName === 'create',
        changedFiles: { kind: 'none' },
      };
    }
    case 'issue_comment': {
      const issue = obj(p['issue']);
      const comment = obj(p['comment']);
      const number = num(issue?.['number']);
      const isPr = obj(issue?.['pull_request']) !== undefined;
      const body = str(comment?.['body']);
      // GitHub runs issue_comment workflows on the default branch.
      return {
        ...base,
        ...withAction,
        name: 'issue_comment',
        ref: `refs/heads/${repository.defaultBranch}`,
        refType: 'branch',
        refName: repository.defaultBranch,
        sha: '',
        deleted: false,
        created: false,
        changedFiles: { kind: 'none' },
        ...(number !== undefined ? { issueNumber: number } : {}),
        ...(isPr && number !== undefined ? { prNumber: number } : {}),
        ...(body !== undefined ? { comment: body } : {}),
      };
    }
    case 'workflow_dispatch': {
      const ref = str(p['ref']) ?? `refs/heads/${repository.defaultBranch}`;
      const inputs: Record<string, string> = {};
      const given = obj(p['inputs']);
      if (given) {
        for (const [k, v] of Object.entries(given)) {
          if (v === null || v === undefined) continue;
          inputs[k] = typeof v === 'string' ? v : JSON.stringify(v);
        }
      }
      return {
        ...base,
        name: 'workflow_dispatch',
        ref,
        ...refFields(ref),
        sha: str(p['sha']) ?? '',
        deleted: false,
        created: false,
        changedFiles: { kind: 'none' },
        inputs,
      };
    }
    case 'schedule': {
      const schedule = str(p['schedule']);
      if (schedule === undefined) return undefined;
      return scheduleEvent(repository, schedule, {
        sha: str(p['sha']) ?? '',
        sender,
        ...(deliveryId !== undefined ? { deliveryId } : {}),
      });
    }
    default:
      return undefined;
  }
}

/** The event for a `schedule` tick: GitHub runs schedules on the default branch's latest commit. */
export function scheduleEvent(
  repository: EventRepository,
  cron: string,
  opts: { sha?: string; sender?: string; deliveryId?: string } = {},
): NormalizedEvent {
  return {
    name: 'schedule',
    ref: `refs/heads/${repository.defaultBranch}`,
    refType: 'branch',
    refName: repository.defaultBranch,
    sha: opts.sha ?? '',
    deleted: false,
    created: false,
    sender: opts.sender ?? '',
    repository,
    changedFiles: { kind: 'none' },
    schedule: cron,
    ...(opts.deliveryId !== undefined ? { deliveryId: opts.deliveryId } : {}),
  };
}

function refFields(ref: string): { refType?: 'branch' | 'tag'; refName: string } {
  const r = parseRef(ref);
  return r.refType ? { refType: r.refType, refName: r.refName } : { refName: r.refName };
}

function normalizePush(
  p: Json,
  base: { repository: EventRepository; sender: string; deliveryId?: string },
): NormalizedEvent | undefined {
  const ref = str(p['ref']);
  if (ref === undefined) return undefined;
  const before = str(p['before']) ?? '';
  const after = str(p['after']) ?? '';
  const deleted = bool(p['deleted']) || (after !== '' && ZERO_SHA.test(after));
  const created = bool(p['created']) || (before !== '' && ZERO_SHA.test(before));
  const commits = Array.isArray(p['commits'])
    ? p['commits'].map(obj).filter((c): c is Json => c !== undefined)
    : [];
  const head = obj(p['head_commit']);
  const message = str(head?.['message']);
  const r = refFields(ref);
  return {
    ...base,
    name: 'push',
    ref,
    ...r,
    before,
    after,
    // GitHub reverts to the default branch's commit for a deleted ref; there is nothing to build here.
    sha: deleted ? '' : after,
    deleted,
    created,
    forced: bool(p['forced']),
    commitCount: commits.length,
    changedFiles: pushChangedFiles(r.refType, deleted, created, before, after, commits),
    ...(message !== undefined ? { headCommitMessage: message } : {}),
  };
}

// docs (workflow-syntax, "Git diff comparisons"): pushes to existing branches use the two-dot diff
// before..after; pushes to new branches diff against the parent of the deepest pushed commit.
function pushChangedFiles(
  refType: 'branch' | 'tag' | undefined,
  deleted: boolean,
  created: boolean,
  before: string,
  after: string,
  commits: readonly Json[],
): ChangedFilesSource {
  // Path filters are not evaluated for tags, and a deleted ref has no diff.
  if (deleted || refType !== 'branch') return { kind: 'none' };
  if (!created) return { kind: 'compare', base: before, head: after };
  const listed = commits.length > 0 && commits.length < PAYLOAD_COMMIT_CAP && commits.every(hasFileLists);
  if (listed) {
    // The payload already names every file of every pushed commit: their union is the diff
    // against the parent of the deepest one, without an API call.
    const files = new Set<string>();
    for (const c of commits) {
      for (const k of ['added', 'removed', 'modified'])
        for (const f of c[k] as unknown[]) if (typeof f === 'string') files.add(f);
    }
    return { kind: 'commits', files: [...files] };
  }
  // Nothing new pushed (a branch created at an existing commit): compare the head with its parent.
  const deepest = str(commits[0]?.['id']) ?? after;
  return { kind: 'compare', base: `${deepest}^`, head: after };
}

function hasFileLists(c: Json): boolean {
  return Array.isArray(c['added']) && Array.isArray(c['removed']) && Array.isArray(c['modified']);
}

function normalizePullRequest(
  p: Json,
  base: { repository: EventRepository; sender: string; deliveryId?: string; action?: string },
): NormalizedEvent | undefined {
  const pr = obj(p['pull_request']);
  const number = num(p['number']) ?? num(pr?.['number']);
  if (!pr || number === undefined) return undefined;
  const baseObj = obj(pr['base']);
  const headObj = obj(pr['head']);
  const baseRef = str(baseObj?.['ref']) ?? '';
  const headRef = str(headObj?.['ref']) ?? '';
  const headSha = str(headObj?.['sha']) ?? '';
  const merged = bool(pr['merged']);
  const headRepo = str(obj(headObj?.['repo'])?.['full_name']);
  const mergeable = pr['mergeable'];
  // GITHUB_REF: the merge ref while open; the base branch once merged (docs: events-that-trigger-workflows#pull_request).
  const ref = merged ? `refs/heads/${baseRef}` : `refs/pull/${number}/merge`;
  const mergeSha = str(pr['merge_commit_sha']);
  return {
    ...base,
    name: 'pull_request',
    ref,
    ...(merged ? { refType: 'branch' as const, refName: baseRef } : { refName: `${number}/merge` }),
    // PIPE builds the head commit of an open PR (the merge ref's commit is not in the payload);
    // a merged PR builds its merge commit on the base branch.
    sha: merged && mergeSha ? mergeSha : headSha,
    deleted: false,
    created: false,
    baseRef,
    headRef,
    headSha,
    prNumber: number,
    merged,
    fork: headRepo !== undefined && headRepo !== base.repository.fullName,
    mergeable: mergeable === true ? true : mergeable === false ? false : null,
    ...(str(pr['state']) !== undefined ? { prState: str(pr['state'])! } : {}),
    changedFiles: { kind: 'pull_request', number },
  };
}
