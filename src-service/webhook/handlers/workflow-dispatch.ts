// Handler for `workflow_dispatch` deliveries: Manual dispatch → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `workflow_dispatch` delivery the event module can normalize. */
export const workflowDispatchHandler: WebhookHandler = {
  event: 'workflow_dispatch',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
