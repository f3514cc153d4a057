import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { branchPush, examplePayload, retarget, signedDelivery } from '../testing/deliveries';
import { eventObjectName } from '../events-store/event-types';
import { createWebhookReceiver } from './receive';
import { WebhookRouter } from './router';
import type { HandlerContext, WebhookRequest } from './types';

const secret = 'unit-test-secret';

function setup(record?: HandlerContext['record']) {
  const metrics = createServiceMetrics();
  const recorded: string[] = [];
  const seen = new Set<string>();
  const rec: HandlerContext['record'] =
    record ??
    (async (delivery) => {
      recorded.push(delivery.id);
      if (seen.has(delivery.id)) return { outcome: 'duplicate', name: delivery.id };
      seen.add(delivery.id);
      return { outcome: 'recorded', name: delivery.id };
    });
  const receive = createWebhookReceiver({
    secret,
    router: new WebhookRouter(),
    metrics,
    logger: silentLogger,
    record: rec,
  });
  return { receive, metrics, recorded };
}

function req(
  d: { headers: Record<string, string>; body: Buffer },
  override: Record<string, string | undefined> = {},
): WebhookRequest {
  return { headers: { ...d.headers, ...override }, body: d.body, receivedAt: Date.now() };
}

const push = () => branchPush({ repository: 'acme/app', before: 'a'.repeat(40), after: 'b'.repeat(40) });

describe('webhook receiver', () => {
  it('records a signed push and answers 202', async () => {
    const { receive, recorded, metrics } = setup();
    const d = signedDelivery(secret, 'push', push());
    const res = await receive(req(d));
    expect(res.status).toBe(202);
    expect(recorded).toEqual([d.id]);
    expect(await metrics.deliveriesRecorded.get({ event: 'push' })).toBe(1);
  });

  it('answers a redelivery 202 without recording twice', async () => {
    const { receive, metrics } = setup();
    const d = signedDelivery(secret, 'push', push());
    await receive(req(d));
    const again = await receive(req(d));
    expect(again.status).toBe(202);
    expect(again.body.message).toBe('already recorded');
    expect(await metrics.deliveriesIgnored.get({ reason: 'duplicate' })).toBe(1);
  });

  it('gives the same body the same digest under any delivery id (a replay is recognised), different bodies different ones', async () => {
    const digests: string[] = [];
    const seen = new Set<string>();
    const { receive } = setup(async (delivery) => {
      digests.push(delivery.bodyDigest);
      if (seen.has(delivery.bodyDigest)) return { outcome: 'duplicate', name: delivery.bodyDigest };
      seen.add(delivery.bodyDigest);
      return { outcome: 'recorded', name: delivery.bodyDigest };
    });
    const d = signedDelivery(secret, 'push', push());
    expect((await receive(req(d))).body.message).toBe('accepted');
    const replay = await receive(req(d, { 'x-github-delivery': '00000000-1111-2222-3333-444444444444' }));
    expect(replay).toMatchObject({ status: 202, body: { message: 'already recorded' } });
    await receive(req(signedDelivery(secret, 'push', { ...push(), after: 'c'.repeat(40) })));
    expect(digests[0]).toBe(digests[1]);
    expect(digests[2]).not.toBe(digests[0]);
    expect(eventObjectName(digests[0]!)).toMatch(/^sha256-[0-9a-f]{64}$/);
  });

  it('accepts form-encoded deliveries (payload=…)', async () => {
    const { receive, recorded } = setup();
    const d = signedDelivery(secret, 'push', push(), { form: true });
    expect((await receive(req(d))).status).toBe(202);
    expect(recorded).toHaveLength(1);
  });

  it('rejects unsigned and wrongly signed deliveries with 401 and counts them', async () => {
    const { receive, recorded, metrics } = setup();
    const d = signedDelivery(secret, 'push', push());
    expect((await receive(req(d, { 'x-hub-signature-256': undefined }))).status).toBe(401);
    expect((await receive(req(signedDelivery('wrong-secret', 'push', push())))).status).toBe(401);
    expect(await metrics.deliveriesRejected.get({ reason: 'unsigned' })).toBe(1);
    expect(await metrics.deliveriesRejected.get({ reason: 'signature' })).toBe(1);
    expect(recorded).toHaveLength(0);
  });

  it('never turns an unauthenticated X-GitHub-Event into a metric label; verified unknown events count as "other"', async () => {
    const { receive, metrics } = setup();
    for (let i = 0; i < 1000; i++) {
      const d = signedDelivery('wrong-secret', `attacker-${i}`, push());
      expect((await receive(req(d))).status).toBe(401);
    }
    const unknown = signedDelivery(secret, 'made_up_event', push());
    expect((await receive(req(unknown))).status).toBe(202);
    await receive(req(signedDelivery(secret, 'push', push())));
    const text = await metrics.registry.render();
    expect(text).not.toMatch(/attacker-|made_up_event/);
    expect(await metrics.deliveriesReceived.get()).toBe(1002);
    expect(await metrics.deliveriesVerified.get({ event: 'other' })).toBe(1);
    expect(await metrics.deliveriesVerified.get({ event: 'push' })).toBe(1);
  });

  it('checks content type (415), headers (400) and JSON (400) in order', async () => {
    const { receive, recorded } = setup();
    const d = signedDelivery(secret, 'push', push());
    expect((await receive(req(d, { 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await receive(req(d, { 'x-github-event': undefined }))).status).toBe(400);
    expect((await receive(req(d, { 'x-github-delivery': '../../etc' }))).status).toBe(400);
    const bad = { ...d, body: Buffer.from('{"ref": ') };
    const signed = signedDelivery(secret, 'push', {});
    const malformed = req({
      headers: {
        ...signed.headers,
        'x-hub-signature-256': (await import('./verify-signature')).signBody(secret, bad.body),
      },
      body: bad.body,
    });
    const res = await receive(malformed);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/malformed JSON/);
    expect(recorded).toHaveLength(0);
  });

  it('acknowledges unknown events without recording', async () => {
    const { receive, recorded, metrics } = setup();
    const res = await receive(req(signedDelivery(secret, 'star', examplePayload('star'))));
    expect(res.status).toBe(202);
    expect(recorded).toHaveLength(0);
    expect(await metrics.deliveriesIgnored.get({ reason: 'unsupported-event' })).toBe(1);
  });

  it('answers ping with 200', async () => {
    const { receive } = setup();
    expect((await receive(req(signedDelivery(secret, 'ping', examplePayload('ping'))))).status).toBe(200);
  });

  it('routes pull_request, release and other supported events to their handlers', async () => {
    const { receive, recorded } = setup();
    for (const event of [
      'pull_request',
      'release',
      'create',
      'delete',
      'deployment_status',
      'issue_comment',
      'workflow_dispatch',
    ]) {
      const res = await receive(req(signedDelivery(secret, event, examplePayload(event))));
      expect(res.status, event).toBe(202);
    }
    expect(recorded.length).toBeGreaterThanOrEqual(6);
  });

  it('ignores deployments pipe-events created itself (no loop)', async () => {
    const { receive, recorded, metrics } = setup();
    const own = retarget(examplePayload('deployment'), 'acme/app');
    (own.deployment as Record<string, unknown>).payload = { pipe_events: true };
    expect((await receive(req(signedDelivery(secret, 'deployment', own)))).status).toBe(202);
    const ownStatus = examplePayload('deployment_status');
    (ownStatus.deployment as Record<string, unknown>).payload = JSON.stringify({ pipe_events: true });
    expect((await receive(req(signedDelivery(secret, 'deployment_status', ownStatus)))).status).toBe(202);
    expect(recorded).toHaveLength(0);
    expect(await metrics.deliveriesIgnored.get({ reason: 'own-deployment' })).toBe(2);
    const foreign = examplePayload('deployment');
    expect((await receive(req(signedDelivery(secret, 'deployment', foreign)))).status).toBe(202);
    expect(recorded).toHaveLength(1);
  });

  it('answers 503 when the delivery cannot be recorded (so it can be redelivered)', async () => {
    const record = vi.fn(async () => {
      throw new Error('apiserver down');
    });
    const { receive, metrics } = setup(record);
    expect((await receive(req(signedDelivery(secret, 'push', push())))).status).toBe(503);
    expect(await metrics.errors.get({ kind: 'record' })).toBe(1);
  });
});
