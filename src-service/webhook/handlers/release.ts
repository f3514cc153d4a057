// Handler for `release` deliveries: Release activity → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `release` delivery the event module can normalize. */
export const releaseHandler: WebhookHandler = {
  event: 'release',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
