// Sends a sample delivery to the sandbox's pipe-events and (for the CLI) follows it to its GitHubEvent and runs.
import { readFile } from 'node:fs/promises';
import { postDelivery } from '../src-service/testing/deliveries';
import type { SandboxInfo } from './info.js';
import { kubeJson, loadKubeConfig } from './kube.js';
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

/** The GitHubEvent a delivery became, once pipe-events processed it. */
export interface SampleEventOutcome {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly matched: readonly string[];
  readonly runs: readonly { pipeline: string; cluster: string; namespace: string; name: string }[];
  readonly errors: readonly string[];
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

type EventObject = {
  metadata: { name: string };
  status?: { phase?: string; message?: string; matched?: string[]; runs?: SampleEventOutcome['runs']; errors?: { message: string; file?: string; line?: number }[] };
};

/** Waits (admin credentials, core cluster) until pipe-events wrote the outcome of delivery `deliveryId`. */
export async function waitForSampleEvent(info: SandboxInfo, deliveryId: string, timeoutMs = 60_000): Promise<SampleEventOutcome> {
  const pe = info.pipeEvents;
  if (!pe) throw new Error('this sandbox runs no pipe-events');
  const kc = loadKubeConfig(info.core.adminKubeconfig);
  const path = `/apis/pipe.linecorp.com/v1alpha1/namespaces/${pe.namespace}/githubevents?labelSelector=${encodeURIComponent(`pipe.linecorp.com/delivery=${deliveryId}`)}`;
  const deadline = Date.now() + timeoutMs;
  let last: EventObject | undefined;
  while (Date.now() < deadline) {
    last = (await kubeJson<{ items: EventObject[] }>(kc, 'GET', path)).items[0];
    const phase = last?.status?.phase;
    if (last && (phase === 'Succeeded' || phase === 'Failed')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!last) throw new Error(`no GitHubEvent for delivery ${deliveryId} after ${timeoutMs / 1000} s`);
  const s = last.status ?? {};
  return {
    name: last.metadata.name,
    phase: s.phase ?? 'Pending',
    ...(s.message ? { message: s.message } : {}),
    matched: s.matched ?? [],
    runs: s.runs ?? [],
    errors: (s.errors ?? []).map((e) => `${e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}`),
  };
}
