import { describe, expect, it } from 'vitest';
import { WebhookRouter } from './router';
import type { WebhookHandler } from './types';

const handler = (event: string, actions?: string[]): WebhookHandler => ({
  event,
  ...(actions ? { actions } : {}),
  handle: async () => ({ kind: 'pong' }),
});

describe('WebhookRouter', () => {
  it('routes by event and, when a handler lists actions, by action', () => {
    const r = new WebhookRouter([handler('push'), handler('check_run', ['rerequested'])]);
    expect('handler' in r.route('push', undefined)).toBe(true);
    expect(r.route('star', 'created')).toEqual({ ignored: 'unsupported-event' });
    expect('handler' in r.route('check_run', 'rerequested')).toBe(true);
    expect(r.route('check_run', 'completed')).toEqual({ ignored: 'unsupported-action' });
    expect(r.route('check_run', undefined)).toEqual({ ignored: 'unsupported-action' });
  });

  it('refuses two handlers for one event', () => {
    expect(() => new WebhookRouter([handler('push'), handler('push')])).toThrow(/two handlers/);
  });

  it('has a handler for every event the event module normalizes except schedule', async () => {
    const { SUPPORTED_WEBHOOK_EVENTS } = await import('../../src-shared/events');
    const events = new WebhookRouter().events;
    for (const e of SUPPORTED_WEBHOOK_EVENTS.filter((x) => x !== 'schedule')) expect(events).toContain(e);
  });
});
