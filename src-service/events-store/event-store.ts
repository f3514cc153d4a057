// Durable, idempotent event records in the core cluster: create (AlreadyExists = redelivery), status updates, deletion.
import type { NormalizedEvent } from '../../src-shared/events';
import type { CommentOrigin } from '../controller/comment-commands';
import type { PullRequestOrigin } from '../controller/fork-gate';
import type { Logger } from '../log/logger';
import type { KubeClient } from '../kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { RecordOutcome } from '../webhook/types';
import { eventCollectionPath } from './event-paths';
import {
  CRD_SCHEMA_HASH,
  EVENT_CRD_NAME,
  EVENT_KIND,
  eventCrdManifest,
  EVENT_GROUP,
  EVENT_VERSION,
} from './event-crd';
import {
  deliveryLabel,
  eventObjectName,
  repositoryLabel,
  type GitHubEventObject,
  type GitHubEventStatus,
} from './event-types';

/** Labels on every event object. */
export const EVENT_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  repository: 'pipe.linecorp.com/repository',
  event: 'pipe.linecorp.com/event',
  delivery: 'pipe.linecorp.com/delivery',
} as const;

/** Reads and writes GitHubEvent objects in one namespace. */
export class EventStore {
  constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    private readonly logger: Logger,
  ) {}

  /** Collection path of the event objects. */
  get path(): string {
    return eventCollectionPath(this.namespace);
  }

  /** Records a delivery; `duplicate` when an object for the same signed body exists (a redelivery or a replay). */
  async create(input: {
    deliveryId: string;
    /** The object is named from it; or give `name` (schedule ticks). */
    bodyDigest?: string;
    name?: string;
    schedule?: GitHubEventObject['spec']['schedule'];
    eventName: string;
    action?: string;
    receivedAt: number;
    installationId?: number;
    pullRequest?: PullRequestOrigin;
    comment?: CommentOrigin;
    event: NormalizedEvent;
  }): Promise<{ outcome: RecordOutcome; name: string }> {
    const name = input.name ?? eventObjectName(input.bodyDigest ?? '');
    const body: GitHubEventObject = {
      apiVersion: `${EVENT_GROUP}/${EVENT_VERSION}`,
      kind: EVENT_KIND,
      metadata: {
        name,
        namespace: this.namespace,
        labels: {
          [EVENT_LABELS.managedBy]: 'pipe-events',
          [EVENT_LABELS.repository]: repositoryLabel(input.event.repository.fullName),
          [EVENT_LABELS.event]: input.eventName,
          [EVENT_LABELS.delivery]: deliveryLabel(input.deliveryId),
        },
      },
      spec: {
        deliveryId: input.deliveryId,
        ...(input.bodyDigest ? { bodyDigest: input.bodyDigest } : {}),
        ...(input.schedule ? { schedule: { ...input.schedule } } : {}),
        eventName: input.eventName,
        ...(input.action ? { action: input.action } : {}),
        repository: input.event.repository.fullName,
        ...(input.event.sha ? { sha: input.event.sha } : {}),
        ...(input.event.ref ? { ref: input.event.ref } : {}),
        receivedAt: new Date(input.receivedAt).toISOString(),
        ...(input.installationId !== undefined ? { installationId: input.installationId } : {}),
        ...(input.pullRequest ? { pullRequest: { ...input.pullRequest } } : {}),
        ...(input.comment ? { comment: { ...input.comment } } : {}),
        event: JSON.parse(JSON.stringify(input.event)) as NormalizedEvent,
      },
    };
    try {
      await this.client.request('POST', this.path, { body, priority: 'high' });
      return { outcome: 'recorded', name };
    } catch (err) {
      if (isKubeError(err, 'AlreadyExists')) return { outcome: 'duplicate', name };
      throw err;
    }
  }

  /** Merge-patches the status; with `resourceVersion` the write is conditional (Conflict when the object changed). */
  async patchStatus(
    name: string,
    status: GitHubEventStatus,
    resourceVersion?: string,
  ): Promise<GitHubEventObject> {
    const body = { metadata: resourceVersion ? { resourceVersion } : {}, status };
    return this.client.request<GitHubEventObject>('PATCH', `${this.path}/${name}/status`, {
      body,
      contentType: 'application/merge-patch+json',
    });
  }

  /** Reads one event object; undefined when it is gone. */
  async get(name: string): Promise<GitHubEventObject | undefined> {
    try {
      return await this.client.request<GitHubEventObject>('GET', `${this.path}/${name}`);
    } catch (err) {
      if (isKubeError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  /** Deletes one event object (already gone is fine). */
  async delete(name: string): Promise<void> {
    try {
      await this.client.request('DELETE', `${this.path}/${name}`);
    } catch (err) {
      if (!isKubeError(err, 'NotFound')) throw err;
    }
  }

  /** Makes sure the CRD and namespace exist (installs them when allowed and missing), then waits until the API serves the objects. */
  async ensureInstalled(installIfMissing: boolean, timeoutMs = 60_000): Promise<void> {
    if (installIfMissing) {
      try {
        await this.client.request('POST', '/api/v1/namespaces', {
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } },
        });
      } catch (err) {
        if (!isKubeError(err, 'AlreadyExists', 'Forbidden')) throw err;
      }
    }
    if (installIfMissing) await this.installOrUpgradeCrd();
    if (await this.isServed()) return;
    if (!installIfMissing)
      throw new Error(
        `the ${EVENT_CRD_NAME} CRD is not installed; apply src-service/deploy/crd-githubevents.yaml or allow installCrd`,
      );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.isServed()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the ${EVENT_CRD_NAME} CRD did not become available within ${timeoutMs} ms`);
  }

  /** Creates the CRD, or replaces it when its schema hash differs from this version's; without RBAC for CRDs this is skipped. */
  private async installOrUpgradeCrd(): Promise<void> {
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    const manifest = eventCrdManifest() as { metadata: { annotations: Record<string, string> } };
    try {
      const existing = await this.client.request<{
        metadata: { resourceVersion: string; annotations?: Record<string, string> };
      }>('GET', `${path}/${EVENT_CRD_NAME}`);
      if (existing.metadata.annotations?.[CRD_SCHEMA_HASH] === manifest.metadata.annotations[CRD_SCHEMA_HASH])
        return;
      await this.client.request('PUT', `${path}/${EVENT_CRD_NAME}`, {
        body: {
          ...manifest,
          metadata: { ...manifest.metadata, resourceVersion: existing.metadata.resourceVersion },
        },
      });
      this.logger.info('updated the GitHubEvent CRD', { crd: EVENT_CRD_NAME });
    } catch (err) {
      if (isKubeError(err, 'Forbidden', 'Conflict')) return;
      if (!isKubeError(err, 'NotFound')) throw err;
      try {
        await this.client.request('POST', path, { body: manifest });
        this.logger.info('installed the GitHubEvent CRD', { crd: EVENT_CRD_NAME });
      } catch (createErr) {
        if (!isKubeError(createErr, 'AlreadyExists', 'Forbidden')) throw createErr;
      }
    }
  }

  private async isServed(): Promise<boolean> {
    try {
      await this.client.request('GET', this.path, { query: { limit: 1 } });
      return true;
    } catch (err) {
      if (isKubeError(err, 'NotFound')) return false;
      throw err;
    }
  }
}
