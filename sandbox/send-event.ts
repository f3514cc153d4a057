// Sends a sample delivery to the sandbox's pipe-events (the CLI and the app's host; no Kubernetes client here).
import { readFile } from 'node:fs/promises';
import { postDelivery } from '../src-service/testing/deliveries';
import type { SandboxPipeEventsInfo } from './pipe-events.js';
import { buildSampleDelivery, type SampleEventOptions } from './sample-events.js';

/** What the webhook answered. */
export interface SentSampleEvent {
  readonly deliveryId: string;
  readonly event: string;
  readonly summary: string;
  /** HTTP status of pipe-events' answer (202 = recorded). */
  readonly status: number;
  readonly message: string;
}

/** Signs and posts one sample delivery to the sandbox's pipe-events (the secret is read from its 0600 file). */
export async function sendSampleEvent(pipeEvents: SandboxPipeEventsInfo, opts: SampleEventOptions, sender?: string): Promise<SentSampleEvent> {
  const secret = (await readFile(pipeEvents.secretFile, 'utf8')).trim();
  const repo = pipeEvents.sampleRepository;
  const delivery = buildSampleDelivery(secret, { repository: repo.fullName, defaultBranch: repo.defaultBranch, headSha: repo.headSha, ...(sender ? { sender } : {}) }, opts);
  const answer = await postDelivery(pipeEvents.webhookUrl, delivery);
  return {
    deliveryId: delivery.id,
    event: delivery.event,
    summary: delivery.summary,
    status: answer.status,
    message: typeof answer.body.message === 'string' ? answer.body.message : typeof answer.body.text === 'string' ? answer.body.text : JSON.stringify(answer.body).slice(0, 200),
  };
}
