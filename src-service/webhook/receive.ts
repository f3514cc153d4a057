// The transport-free webhook core: check headers → verify signature → parse → route by event/action → handler.
import { bodyDigest } from '../events-store/event-types';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { isSupportedContentType, parseBody } from './parse-body';
import type { WebhookRouter } from './router';
import type { Delivery, HandlerContext, WebhookRequest, WebhookResponse } from './types';
import { verifySignature } from './verify-signature';

/** What the receiver needs. */
export interface ReceiverDeps {
  readonly secret: string;
  readonly router: WebhookRouter;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  readonly record: HandlerContext['record'];
  /** Told how long each record took (drives background backpressure). */
  readonly onRecordLatency?: (ms: number) => void;
}

/** Handles one delivery; every failure becomes a status code (the adapter never sees an exception). */
export type WebhookReceiver = (req: WebhookRequest) => Promise<WebhookResponse>;

const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Builds the receiver. */
export function createWebhookReceiver(deps: ReceiverDeps): WebhookReceiver {
  const { metrics, logger } = deps;
  const reject = (
    status: number,
    reason: string,
    message: string,
    fields: Record<string, unknown> = {},
  ): WebhookResponse => {
    metrics.deliveriesRejected.inc({ reason });
    logger.warn('delivery rejected', { status, reason, ...fields });
    return { status, body: { ok: false, message } };
  };
  const record: HandlerContext['record'] = async (delivery, event) => {
    const started = performance.now();
    try {
      return await deps.record(delivery, event);
    } finally {
      deps.onRecordLatency?.(performance.now() - started);
    }
  };
  const ctx = (log: Logger): HandlerContext => ({
    record,
    ignore: (delivery, reason) => {
      metrics.deliveriesIgnored.inc({ reason });
      log.info('delivery ignored', { event: delivery.event, action: delivery.action, reason });
    },
  });

  return async (req) => {
    const h = req.headers;
    const eventName = h['x-github-event'];
    const deliveryId = h['x-github-delivery'];
    // Nothing unauthenticated becomes a label: one series per header value would grow without bound (issue 9 item 3).
    metrics.deliveriesReceived.inc();
    if (!isSupportedContentType(h['content-type'])) {
      return reject(
        415,
        'content-type',
        'unsupported content type; GitHub webhooks must use application/json (or form-encoded payload)',
        { deliveryId },
      );
    }
    if (!eventName || !deliveryId)
      return reject(400, 'headers', 'missing X-GitHub-Event or X-GitHub-Delivery header', { deliveryId });
    if (!DELIVERY_ID.test(deliveryId))
      return reject(400, 'headers', 'malformed X-GitHub-Delivery header', {});
    if (!verifySignature(deps.secret, req.body, h['x-hub-signature-256'])) {
      const reason = h['x-hub-signature-256'] ? 'signature' : 'unsigned';
      return reject(401, reason, 'signature does not match; check the webhook secret', { deliveryId });
    }
    metrics.deliveriesVerified.inc({ event: deps.router.knows(eventName) ? eventName : 'other' });
    const parsed = parseBody(h['content-type'], req.body);
    if (!('payload' in parsed)) return reject(parsed.status, parsed.reason, parsed.message, { deliveryId });

    const payload = parsed.payload;
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    const installation = payload.installation as { id?: unknown } | undefined;
    const delivery: Delivery = {
      id: deliveryId,
      bodyDigest: bodyDigest(req.body),
      event: eventName,
      action,
      payload,
      receivedAt: req.receivedAt,
      installationId: typeof installation?.id === 'number' ? installation.id : undefined,
    };
    const log = logger.child({ deliveryId, event: eventName, ...(action ? { action } : {}) });
    const route = deps.router.route(eventName, action);
    if ('ignored' in route) {
      ctx(log).ignore(delivery, route.ignored);
      return { status: 202, body: { ok: true, message: `ignored: ${route.ignored}` } };
    }
    try {
      const result = await route.handler.handle(delivery, ctx(log));
      switch (result.kind) {
        case 'pong':
          return { status: 200, body: { ok: true, message: 'pong' } };
        case 'ignored':
          return { status: 202, body: { ok: true, message: `ignored: ${result.reason}` } };
        case 'duplicate':
          metrics.deliveriesIgnored.inc({ reason: 'duplicate' });
          log.info('redelivery of a recorded event', { object: result.name });
          return { status: 202, body: { ok: true, message: 'already recorded', object: result.name } };
        case 'recorded':
          metrics.deliveriesRecorded.inc({ event: eventName });
          log.info('delivery recorded', { object: result.name });
          return { status: 202, body: { ok: true, message: 'accepted', object: result.name } };
      }
    } catch (err) {
      // Not recorded: answer 5xx so GitHub (or an operator's redelivery) can retry.
      metrics.errors.inc({ kind: 'record' });
      log.error('could not record delivery', { err });
      return {
        status: 503,
        body: { ok: false, message: 'could not record the delivery; redeliver it later' },
      };
    }
  };
}
