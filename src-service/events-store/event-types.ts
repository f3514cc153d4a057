// The GitHubEvent object as the service reads and writes it, and the delivery-id → object-name rule.
import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../../src-shared/events';
import type { CommentOrigin } from '../controller/comment-commands';
import type { PullRequestOrigin } from '../controller/fork-gate';
import type { KubeObject } from '../../src-node/kube/kube-types';

/** Reconcile phases: (none) → Succeeded, or Pending (retry scheduled) → … → Failed after maxAttempts. */
export type EventPhase = 'Pending' | 'Succeeded' | 'Failed';

/** One PipelineRun the event produced. */
export interface EventRun {
  pipeline: string;
  cluster: string;
  namespace: string;
  name: string;
  /** false when the run already existed (a retried reconcile). */
  created: boolean;
}

/** One problem found while reconciling (invalid file, template error, …). */
export interface EventError {
  kind: string;
  message: string;
  file?: string;
  line?: number;
  pipeline?: string;
}

/** What pipe-events decided about a manual dispatch. */
export interface DispatchVerdict {
  decision: 'Accepted' | 'Refused';
  reason: string;
  login?: string;
  inputs?: Record<string, string>;
}

/** Status written through the /status subresource. */
export interface GitHubEventStatus {
  phase?: EventPhase;
  /** Replica that wrote the outcome. */
  owner?: string;
  attempts?: number;
  nextAttemptAt?: string;
  completedAt?: string;
  message?: string;
  /** Manual dispatch: the decision, why, the GitHub login checked and the typed inputs it runs with. */
  verdict?: DispatchVerdict;
  runCount?: number;
  matched?: string[];
  runs?: EventRun[];
  errors?: EventError[];
  explanations?: { pipeline: string; file: string; matched: boolean; explanation: string }[];
}

/** A GitHubEvent object. */
export interface GitHubEventObject extends KubeObject {
  spec: {
    deliveryId: string;
    /** Manual dispatch: the creator's user name (checked by deploy/dispatch-policy.yaml in the apiserver). */
    requester?: string;
    /** Manual dispatch: the creator's GitHub login (the dispatch policy checks it against the caller's Dex login). */
    requesterLogin?: string;
    /** Manual dispatch: which pipeline (all that declare workflow_dispatch when absent) and the inputs as given. */
    dispatch?: { pipeline?: string; inputs?: Record<string, string> };
    /** SHA-256 of the signed body (the object is named after it); absent for schedule ticks. */
    bodyDigest?: string;
    eventName: string;
    action?: string;
    repository: string;
    sha?: string;
    ref?: string;
    receivedAt: string;
    installationId?: number;
    /** pull_request only: author, association and head repository from the signed payload (the fork gate reads it). */
    pullRequest?: PullRequestOrigin;
    /** issue_comment only: the comment's id and author (comment commands react to it and check the author's access). */
    comment?: CommentOrigin;
    /** schedule only: the entry and minute that fired (the object is named from them). */
    schedule?: { pipeline: string; cron: string; timezone?: string; scheduledAt: string };
    event: NormalizedEvent;
  };
  status?: GitHubEventStatus;
}

/** SHA-256 (hex) of a delivery's signed body: the identity of what GitHub sent, whatever delivery id it came with. */
export function bodyDigest(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Object name for a delivery: its body digest. A redelivery (same body, same id) and a captured body replayed under a
 * new X-GitHub-Delivery (the signature does not cover that header) both map to the existing object (issue 9 item 3).
 */
export function eventObjectName(digest: string): string {
  return `sha256-${digest}`;
}

/** Label value for a delivery id (GitHub's GUIDs fit; anything else is hashed to fit). */
export function deliveryLabel(deliveryId: string): string {
  if (/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(deliveryId)) return deliveryId;
  return `h-${createHash('sha256').update(deliveryId).digest('hex').slice(0, 40)}`;
}

/** Label value for a repository full name (`owner/name` → `owner.name`, trimmed to 63 characters). */
export function repositoryLabel(fullName: string): string {
  const cleaned = fullName.replace('/', '.').replace(/[^A-Za-z0-9._-]/g, '-');
  if (cleaned.length <= 63) return cleaned.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'repo';
  return `${cleaned.slice(0, 50).replace(/[^A-Za-z0-9]+$/, '')}-${createHash('sha256').update(fullName).digest('hex').slice(0, 12)}`;
}
