// Handler for `create` deliveries: Branch or tag created → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `create` delivery the event module can normalize. */
export const createHandler: WebhookHandler = {
  event: 'create',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
