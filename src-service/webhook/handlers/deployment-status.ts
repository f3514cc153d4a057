// Handler for `deployment_status` deliveries; statuses of our own deployments are ignored (we wrote them).
import type { WebhookHandler } from '../types';
import { isOwnDeployment } from './own-deployment';
import { recordNormalized } from './record-normalized';

/** Records `deployment_status` events except those about deployments we created. */
export const deploymentStatusHandler: WebhookHandler = {
  event: 'deployment_status',
  handle: async (delivery, ctx) => {
    if (isOwnDeployment(delivery.payload.deployment)) {
      ctx.ignore(delivery, 'own-deployment');
      return { kind: 'ignored', reason: 'own-deployment' };
    }
    return recordNormalized(delivery, ctx);
  },
};
