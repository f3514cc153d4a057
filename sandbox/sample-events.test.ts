import { describe, expect, it } from 'vitest';
import { normalizeWebhook } from '../src-shared/events';
import { verifySignature } from '../src-service/webhook/verify-signature';
import { buildSampleDelivery, SAMPLE_EVENT_KINDS } from './sample-events';

const target = { repository: 'pipe-sandbox/sample-app', defaultBranch: 'main', headSha: 'a'.repeat(40), sender: 'pipe-dev' };

describe('sample deliveries', () => {
  it.each(SAMPLE_EVENT_KINDS)('%s is signed over the exact body and normalizes like a GitHub delivery', (kind) => {
    const d = buildSampleDelivery('s3cret-secret', target, { kind });
    expect(verifySignature('s3cret-secret', d.body, d.headers['x-hub-signature-256'])).toBe(true);
    expect(verifySignature('other-secret', d.body, d.headers['x-hub-signature-256'])).toBe(false);
    expect(d.headers['x-github-event']).toBe(d.event);
    expect(d.headers['x-github-delivery']).toBe(d.id);
    const payload = JSON.parse(d.body.toString()) as Record<string, unknown>;
    const event = normalizeWebhook(d.event, payload);
    expect(event).toBeDefined();
    expect(event!.repository.fullName).toBe('pipe-sandbox/sample-app');
    expect((payload.sender as { login: string }).login).toBe('pipe-dev');
  });

  it('builds the refs people ask for', () => {
    const ref = (kind: (typeof SAMPLE_EVENT_KINDS)[number], extra = {}) => JSON.parse(buildSampleDelivery('s3cret-secret', target, { kind, ...extra }).body.toString()) as Record<string, unknown>;
    expect(ref('push', { branch: 'feature/x' }).ref).toBe('refs/heads/feature/x');
    expect(ref('push').ref).toBe('refs/heads/main');
    expect(ref('tag', { tag: 'v1.2.3' })).toMatchObject({ ref: 'refs/tags/v1.2.3', created: true, after: target.headSha });
    expect(ref('pull_request', { branch: 'fix/y', number: 7 })).toMatchObject({ action: 'opened', number: 7, pull_request: { head: { ref: 'fix/y', sha: target.headSha }, base: { ref: 'main' } } });
    expect(ref('deployment', { environment: 'prod' })).toMatchObject({ deployment: { environment: 'prod', sha: target.headSha, ref: 'main' } });
  });

  it.each(['', 'a b', '../x', 'x..y', '-rf', 'x\ny', 'ü', 'a'.repeat(201), '"; rm'])('refuses the name %j', (name) => {
    expect(() => buildSampleDelivery('s3cret-secret', target, { kind: 'push', branch: name })).toThrow(/not a valid name/);
    expect(() => buildSampleDelivery('s3cret-secret', target, { kind: 'deployment', environment: name })).toThrow(/not a valid name/);
  });
});
