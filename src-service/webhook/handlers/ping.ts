// Handler for `ping`, sent when a webhook is created: answered, never recorded.
import type { WebhookHandler } from '../types';

/** Acknowledges GitHub's ping. */
export const pingHandler: WebhookHandler = {
  event: 'ping',
  handle: async () => ({ kind: 'pong' }),
};
