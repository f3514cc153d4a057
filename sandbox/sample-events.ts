// Sample GitHub deliveries for the sandbox's pipe-events: push / pull_request / tag / deployment on the sample
// repository, built from GitHub's recorded payloads (@octokit/webhooks-examples) and signed like GitHub signs them.
import { randomUUID } from 'node:crypto';
import {
  branchPush,
  examplePayload,
  pullRequestPayload,
  retarget,
  signedDelivery,
  type SignedDelivery,
} from '../src-service/testing/deliveries';

/** The kinds of sample event the sandbox sends. */
export const SAMPLE_EVENT_KINDS = ['push', 'pull_request', 'tag', 'deployment'] as const;
export type SampleEventKind = (typeof SAMPLE_EVENT_KINDS)[number];

/** What to send. */
export interface SampleEventOptions {
  readonly kind: SampleEventKind;
  /** push: the branch (default the default branch); pull_request: the head branch (default `feature/sample`). */
  readonly branch?: string;
  /** tag: the tag name (default `v0.1.<n>`). */
  readonly tag?: string;
  /** deployment: the environment (default `stage`). */
  readonly environment?: string;
  /** pull_request: the PR number (default a fresh one). */
  readonly number?: number;
}

/** The repository the event is about. */
export interface SampleTarget {
  readonly repository: string;
  readonly defaultBranch: string;
  /** Head commit of the default branch (the fake GitHub serves its tree). */
  readonly headSha: string;
  readonly sender?: string;
}

/** A built delivery: the GitHub event name and the signed request. */
export interface SampleDelivery extends SignedDelivery {
  readonly event: string;
  /** One line for people: `push refs/heads/main @ 1a2b3c4d5e6f`. */
  readonly summary: string;
}

const ZERO = '0'.repeat(40);
const MAX_NAME = 200;

/** A branch, tag or environment name a person typed: git-ref-ish, bounded. */
function checkName(what: string, value: string): string {
  if (!value || value.length > MAX_NAME || !/^[\w][\w./-]*$/.test(value) || value.includes('..'))
    throw new Error(`${what} "${value.slice(0, 40)}" is not a valid name (letters, digits, . _ - /)`);
  return value;
}

function withSender(payload: Record<string, unknown>, login: string | undefined): Record<string, unknown> {
  if (login) payload.sender = { ...(payload.sender as Record<string, unknown>), login };
  return payload;
}

/** Builds and signs one sample delivery with `secret`. */
export function buildSampleDelivery(secret: string, target: SampleTarget, opts: SampleEventOptions): SampleDelivery {
  const { repository, headSha } = target;
  const id = randomUUID();
  const n = Math.floor(Date.now() / 1000) % 100_000;
  switch (opts.kind) {
    case 'push': {
      const branch = checkName('branch', opts.branch ?? target.defaultBranch);
      const payload = branchPush({
        repository,
        branch,
        before: headSha,
        after: headSha,
        defaultBranch: target.defaultBranch,
        commits: [{ id: headSha, message: `Sample push to ${branch}`, modified: ['README.md'] }],
      });
      return {
        ...signedDelivery(secret, 'push', withSender(payload, target.sender), { id }),
        event: 'push',
        summary: `push refs/heads/${branch} @ ${headSha.slice(0, 12)}`,
      };
    }
    case 'tag': {
      const tag = checkName('tag', opts.tag ?? `v0.1.${n}`);
      const payload = branchPush({ repository, before: ZERO, after: headSha, defaultBranch: target.defaultBranch, commits: [] });
      Object.assign(payload, {
        ref: `refs/tags/${tag}`,
        created: true,
        base_ref: `refs/heads/${target.defaultBranch}`,
        commits: [],
        compare: `https://github.com/${repository}/compare/${tag}`,
      });
      return {
        ...signedDelivery(secret, 'push', withSender(payload, target.sender), { id }),
        event: 'push',
        summary: `push refs/tags/${tag} @ ${headSha.slice(0, 12)}`,
      };
    }
    case 'pull_request': {
      const head = checkName('branch', opts.branch ?? 'feature/sample');
      const number = opts.number ?? n;
      const payload = pullRequestPayload({
        repository,
        number,
        baseSha: headSha,
        headSha,
        baseRef: target.defaultBranch,
        headRef: head,
        ...(target.sender ? { author: target.sender } : {}),
      });
      return {
        ...signedDelivery(secret, 'pull_request', withSender(payload, target.sender), { id }),
        event: 'pull_request',
        summary: `pull_request opened #${number} ${head} → ${target.defaultBranch} @ ${headSha.slice(0, 12)}`,
      };
    }
    case 'deployment': {
      const environment = checkName('environment', opts.environment ?? 'stage');
      const payload = retarget(examplePayload('deployment', (p) => p.action === 'created'), repository, target.defaultBranch);
      const deployment = payload.deployment as Record<string, unknown>;
      const depId = 1_000_000 + n;
      payload.deployment = {
        ...deployment,
        id: depId,
        url: `https://api.github.com/repos/${repository}/deployments/${depId}`,
        sha: headSha,
        ref: target.defaultBranch,
        task: 'deploy',
        payload: {},
        environment,
        original_environment: environment,
        description: 'Sample deployment from the PIPE sandbox',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      };
      return {
        ...signedDelivery(secret, 'deployment', withSender(payload, target.sender), { id }),
        event: 'deployment',
        summary: `deployment to ${environment} of ${target.defaultBranch} @ ${headSha.slice(0, 12)}`,
      };
    }
  }
}
