// GitHub webhook payloads (X-GitHub-Event + JSON body) → NormalizedEvent.
import type { NormalizedEvent } from './types';

/** Webhook event names normalizeWebhook understands. */
export const SUPPORTED_WEBHOOK_EVENTS: readonly string[] = [];

/** Normalizes a webhook payload; undefined when the event is not supported or the payload is not usable. */
export function normalizeWebhook(_eventName: string, _payload: unknown, _deliveryId?: string): NormalizedEvent | undefined {
  throw new Error('not implemented');
}
