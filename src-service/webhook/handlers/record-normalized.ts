// Shared handler step: normalize the payload with the event module, then record it durably.
import { normalizeWebhook } from '../../../src-shared/events';
import type { Delivery, HandlerContext, HandlerResult } from '../types';

/** Normalizes and records; a payload the event module cannot use is acknowledged and ignored. */
export async function recordNormalized(delivery: Delivery, ctx: HandlerContext): Promise<HandlerResult> {
  const event = normalizeWebhook(delivery.event, delivery.payload, delivery.id);
  if (!event) {
    ctx.ignore(delivery, 'not-applicable');
    return { kind: 'ignored', reason: 'not-applicable' };
  }
  const { outcome, name } = await ctx.record(delivery, event);
  return { kind: outcome, name };
}
