// Handler for `issue_comment` deliveries (created/edited/deleted; `types` in the annotation decide).
import type { WebhookHandler } from '../types';
import { recordNormalized } from './record-normalized';

/** Records comment activity. */
export const issueCommentHandler: WebhookHandler = {
  event: 'issue_comment',
  handle: (delivery, ctx) => recordNormalized(delivery, ctx),
};
