// Handler for `deployment` deliveries; deployments created by pipe-events itself are ignored to avoid a loop.
import type { WebhookHandler } from '../types';
import { isOwnDeployment } from './own-deployment';
import { recordNormalized } from './record-normalized';

/** Records `deployment` events except those for deployments we created. */
export const deploymentHandler: WebhookHandler = {
  event: 'deployment',
  handle: async (delivery, ctx) => {
    if (isOwnDeployment(delivery.payload.deployment)) {
      ctx.ignore(delivery, 'own-deployment');
      return { kind: 'ignored', reason: 'own-deployment' };
    }
    return recordNormalized(delivery, ctx);
  },
};
