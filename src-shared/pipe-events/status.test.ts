import { describe, expect, it } from 'vitest';
import { eventBriefOf, leaseBriefOf, nextExpiry, pipeEventsStatusOf, SCHEDULES_CHECKED_ANNOTATION, SCHEDULES_NEXT_ANNOTATION } from './status';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const member = (holder: string, renewedAgoMs: number, durationS = 15) =>
  leaseBriefOf({ metadata: { name: `pipe-events-member-${holder}`, labels: { 'pipe.linecorp.com/role': 'member' } }, spec: { holderIdentity: holder, renewTime: iso(T0 - renewedAgoMs), leaseDurationSeconds: durationS } });
const leader = (holder: string, renewedAgoMs: number) => leaseBriefOf({ metadata: { name: 'pipe-events-leader' }, spec: { holderIdentity: holder, renewTime: iso(T0 - renewedAgoMs), leaseDurationSeconds: 15 } });
const event = (name: string, receivedAgoMs: number, status: Record<string, unknown> = {}, eventName = 'push') =>
  eventBriefOf({ metadata: { name }, spec: { deliveryId: `d-${name}`, eventName, repository: 'acme/app', receivedAt: iso(T0 - receivedAgoMs) }, status });

describe('pipe-events status', () => {
  it('counts live replicas and names the leader', () => {
    const s = pipeEventsStatusOf({ leases: [member('b', 1000), member('a', 2000), member('c', 60_000), leader('b', 1000)], events: [], leaseName: 'pipe-events-leader', now: T0 });
    expect(s.state).toBe('up');
    expect(s.leader).toBe('b');
    expect(s.replicas.map((r) => [r.identity, r.live, r.leader])).toEqual([
      ['a', true, false],
      ['b', true, true],
      ['c', false, false],
    ]);
  });

  it('is down when no member Lease is live, and has no leader when its Lease expired', () => {
    const s = pipeEventsStatusOf({ leases: [member('a', 16_000), leader('a', 16_000)], events: [], leaseName: 'pipe-events-leader', now: T0 });
    expect([s.state, s.leader]).toEqual(['down', undefined]);
    expect(pipeEventsStatusOf({ leases: [], events: [], leaseName: 'pipe-events-leader', now: T0 }).state).toBe('down');
  });

  it('finds the last delivery (not schedule ticks), and the events waiting or failing', () => {
    const events = [
      event('done', 50_000, { phase: 'Succeeded', runs: [{}, {}] }),
      event('new', 1000),
      event('retrying', 20_000, { phase: 'Pending', attempts: 2, nextAttemptAt: iso(T0 + 30_000), message: 'GitHub answered 502' }),
      event('failed', 40_000, { phase: 'Failed', message: 'template error' }),
      event('tick', 10, {}, 'schedule'),
    ];
    const s = pipeEventsStatusOf({ leases: [], events, leaseName: 'pipe-events-leader', now: T0 });
    expect(s.lastDelivery?.name).toBe('new');
    expect([s.waiting, s.failing, s.totalEvents]).toEqual([3, 2, 5]);
    expect(s.waitingEvents.map((e) => e.name)).toEqual(['retrying', 'new', 'tick']);
    expect(s.failingEvents.map((e) => [e.name, e.message])).toEqual([
      ['retrying', 'GitHub answered 502'],
      ['failed', 'template error'],
    ]);
    expect(s.failingEvents[0]!.nextAttemptAt).toBe(T0 + 30_000);
  });

  it('reads the schedules Lease: checked-until and the upcoming fires, soonest first; garbage is ignored', () => {
    const schedules = (next: string | undefined) =>
      leaseBriefOf({ metadata: { name: 'pipe-events-leader-schedules', annotations: { [SCHEDULES_CHECKED_ANNOTATION]: iso(T0 - 30_000), ...(next !== undefined ? { [SCHEDULES_NEXT_ANNOTATION]: next } : {}) } }, spec: {} });
    const next = JSON.stringify([
      { repository: 'acme/app', pipeline: 'nightly', cron: '0 3 * * *', at: iso(T0 + 3_600_000) },
      { repository: 'acme/app', pipeline: 'hourly', cron: '0 * * * *', timezone: 'Asia/Tokyo', at: iso(T0 + 60_000) },
      { repository: 'x', pipeline: 'y', cron: 'z', at: 'not a date' },
    ]);
    const s = pipeEventsStatusOf({ leases: [schedules(next)], events: [], leaseName: 'pipe-events-leader', now: T0 });
    expect(s.schedules).toEqual({
      checkedUntil: T0 - 30_000,
      known: true,
      next: [
        { repository: 'acme/app', pipeline: 'hourly', cron: '0 * * * *', timezone: 'Asia/Tokyo', at: T0 + 60_000 },
        { repository: 'acme/app', pipeline: 'nightly', cron: '0 3 * * *', at: T0 + 3_600_000 },
      ],
    });
    expect(pipeEventsStatusOf({ leases: [schedules(undefined)], events: [], leaseName: 'pipe-events-leader', now: T0 }).schedules.known).toBe(false);
    for (const bad of ['{', '"x"', '{"a":1}', '[1,null,"s"]'])
      expect(pipeEventsStatusOf({ leases: [schedules(bad)], events: [], leaseName: 'pipe-events-leader', now: T0 }).schedules.next).toEqual([]);
  });

  it('reads hostile objects without throwing', () => {
    for (const o of [null, undefined, 1, 'x', [], { metadata: 5, spec: [], status: 'x' }, { spec: { renewTime: 5, leaseDurationSeconds: 'x', holderIdentity: {} } }]) {
      expect(() => eventBriefOf(o)).not.toThrow();
      expect(() => leaseBriefOf(o)).not.toThrow();
    }
    const long = eventBriefOf({ metadata: { name: 'n'.repeat(10_000) }, spec: {}, status: { message: 'm'.repeat(10_000) } });
    expect(long.name.length).toBeLessThanOrEqual(500);
    expect(long.message!.length).toBeLessThanOrEqual(500);
  });

  it('knows when the next Lease expires (the stream wakes up then)', () => {
    expect(nextExpiry([member('a', 1000), member('b', 10_000), member('c', 20_000)], T0)).toBe(T0 + 5000);
    expect(nextExpiry([member('c', 20_000)], T0)).toBeUndefined();
  });
});
