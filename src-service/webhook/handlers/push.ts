// Handler for `push` deliveries: Branch and tag pushes → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `push` delivery the event module can normalize. */
export const pushHandler: WebhookHandler = {
  event: 'push',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
