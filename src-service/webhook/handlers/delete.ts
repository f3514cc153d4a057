// Handler for `delete` deliveries: Branch or tag deleted → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `delete` delivery the event module can normalize. */
export const deleteHandler: WebhookHandler = {
  event: 'delete',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
