// Handler for `pull_request` deliveries: Pull request activity (types are matched by the event module) → recorded for the controller.
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records every `pull_request` delivery the event module can normalize. */
export const pullRequestHandler: WebhookHandler = {
  event: 'pull_request',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
