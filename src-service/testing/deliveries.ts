// Webhook deliveries for tests and benches: real payloads from @octokit/webhooks-examples, plus branch pushes built from their shape, signed.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { request, type Agent } from 'node:http';
import { signBody } from '../webhook/verify-signature';

type Payload = Record<string, unknown>;
type ExampleSet = { name: string; examples: Payload[] }[];

// Not named `require`: bundlers (the app's main build, which loads this for the local PIPE's sample events) declare one.
const loadPackage = createRequire(import.meta.url);
let cache: ExampleSet | undefined;

/** All examples of one event from @octokit/webhooks-examples (api.github.com). */
export function examplePayloads(event: string): Payload[] {
  cache ??= loadPackage('@octokit/webhooks-examples') as ExampleSet;
  const set = cache.find((e) => e.name === event);
  if (!set) throw new Error(`no @octokit/webhooks-examples payloads for ${event}`);
  return set.examples.map((e) => structuredClone(e));
}

/** The first example matching `predicate` (a deep copy). */
export function examplePayload(event: string, predicate: (p: Payload) => boolean = () => true): Payload {
  const found = examplePayloads(event).find(predicate);
  if (!found) throw new Error(`no ${event} example matches`);
  return found;
}

/** Points an example's repository at another `owner/name` (keeps every other field GitHub sends). */
export function retarget(payload: Payload, fullName: string, defaultBranch = 'main'): Payload {
  const [owner, name] = fullName.split('/') as [string, string];
  const repo = payload.repository as Payload;
  payload.repository = {
    ...repo,
    name,
    full_name: fullName,
    default_branch: defaultBranch,
    master_branch: defaultBranch,
    owner: { ...(repo.owner as Payload), login: owner, name: owner },
    html_url: `https://github.com/${fullName}`,
    clone_url: `https://github.com/${fullName}.git`,
  };
  return payload;
}

/** A push of `commits` onto an existing branch (the examples only have tag deletions and new branches), shaped like the push examples. */
export function branchPush(opts: {
  repository: string;
  branch?: string;
  before: string;
  after: string;
  commits?: { id: string; message?: string; added?: string[]; modified?: string[]; removed?: string[] }[];
  installationId?: number;
  defaultBranch?: string;
}): Payload {
  const base = examplePayload(
    'push',
    (p) => typeof p.ref === 'string' && p.ref.startsWith('refs/heads/') && p.installation !== undefined,
  );
  const template = (base.commits as Payload[])[0] ?? {};
  const branch = opts.branch ?? 'main';
  const commits = (opts.commits ?? [{ id: opts.after }]).map((c) => ({
    ...template,
    id: c.id,
    tree_id: c.id,
    distinct: true,
    message: c.message ?? 'Update',
    timestamp: new Date().toISOString(),
    url: `https://github.com/${opts.repository}/commit/${c.id}`,
    added: c.added ?? [],
    removed: c.removed ?? [],
    modified: c.modified ?? [],
  }));
  const payload: Payload = {
    ...base,
    ref: `refs/heads/${branch}`,
    before: opts.before,
    after: opts.after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${opts.repository}/compare/${opts.before.slice(0, 12)}...${opts.after.slice(0, 12)}`,
    commits,
    head_commit: commits[commits.length - 1] ?? null,
  };
  if (opts.installationId !== undefined)
    payload.installation = { ...(base.installation as Payload), id: opts.installationId };
  else delete payload.installation;
  return retarget(payload, opts.repository, opts.defaultBranch);
}

/** A delivery ready to POST. */
export interface SignedDelivery {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Signs a payload like GitHub does (X-Hub-Signature-256 over the exact bytes sent). */
export function signedDelivery(
  secret: string,
  event: string,
  payload: Payload,
  opts: { id?: string; form?: boolean } = {},
): SignedDelivery {
  const id = opts.id ?? randomUUID();
  const json = JSON.stringify(payload);
  const body = Buffer.from(opts.form ? `payload=${encodeURIComponent(json)}` : json);
  return {
    id,
    body,
    headers: {
      'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'user-agent': 'GitHub-Hookshot/pipe-test',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-github-hook-id': '1',
      'x-hub-signature-256': signBody(secret, body),
    },
  };
}

/** POSTs a delivery to `url` (…/webhook); resolves with the status and parsed body. */
export function postDelivery(
  url: string,
  d: { headers: Record<string, string>; body: Buffer },
  agent?: Agent,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...d.headers, 'content-length': String(d.body.length) },
        ...(agent ? { agent } : {}),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(d.body);
  });
}

/** A `pull_request` delivery payload shaped like GitHub's `opened` example, for a PR from `headRepository` (a fork when it differs). */
export function pullRequestPayload(opts: {
  repository: string;
  number: number;
  baseSha: string;
  headSha: string;
  baseRef?: string;
  headRef?: string;
  headRepository?: string | null;
  author?: string;
  authorAssociation?: string;
  action?: string;
}): Payload {
  const base = retarget(
    examplePayload('pull_request', (p) => p.action === 'opened'),
    opts.repository,
  );
  const pr = base.pull_request as Payload;
  const baseHalf = pr.base as Payload;
  const headHalf = pr.head as Payload;
  const headRepo = opts.headRepository === undefined ? opts.repository : opts.headRepository;
  const author = opts.author ?? 'octocat';
  const user = { ...(pr.user as Payload), login: author };
  base.action = opts.action ?? 'opened';
  base.number = opts.number;
  base.pull_request = {
    ...pr,
    number: opts.number,
    state: 'open',
    merged: false,
    merge_commit_sha: null,
    user,
    author_association: opts.authorAssociation ?? 'OWNER',
    base: { ...baseHalf, ref: opts.baseRef ?? 'main', sha: opts.baseSha, repo: base.repository },
    head: {
      ...headHalf,
      ref: opts.headRef ?? 'feature',
      sha: opts.headSha,
      label: `${author}:${opts.headRef ?? 'feature'}`,
      user,
      repo:
        headRepo === null
          ? null
          : { ...(base.repository as Payload), full_name: headRepo, fork: headRepo !== opts.repository },
    },
  };
  return base;
}

/** An `issue_comment` (created) on pull request `number`, shaped like GitHub's example (issues carry `pull_request` when they are PRs). */
export function prCommentPayload(opts: {
  repository: string;
  number: number;
  commentId: number;
  author: string;
  body: string;
  action?: string;
}): Payload {
  const base = retarget(
    examplePayload('issue_comment', (p) => p.action === 'created'),
    opts.repository,
  );
  const issue = base.issue as Payload;
  const comment = base.comment as Payload;
  const user = { ...(comment.user as Payload), login: opts.author };
  base.action = opts.action ?? 'created';
  base.issue = {
    ...issue,
    number: opts.number,
    pull_request: {
      url: `https://api.github.com/repos/${opts.repository}/pulls/${opts.number}`,
      html_url: `https://github.com/${opts.repository}/pull/${opts.number}`,
      diff_url: `https://github.com/${opts.repository}/pull/${opts.number}.diff`,
      patch_url: `https://github.com/${opts.repository}/pull/${opts.number}.patch`,
    },
  };
  base.comment = { ...comment, id: opts.commentId, body: opts.body, user };
  base.sender = { ...(base.sender as Payload), login: opts.author };
  return base;
}
