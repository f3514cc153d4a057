import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { ManualClock } from '../../src-node/time/manual-clock';
import { ScheduleFirer } from './schedule-firer';
import { compileSchedule, dueTicks, nextFire, type DueTick, type ScheduleEntry } from './schedule-plan';

const MIN = 60_000;
const HOUR = 60 * MIN;
const entry = (cron: string, timezone?: string, pipeline = 'nightly'): ScheduleEntry => ({
  repository: 'acme/app',
  pipeline,
  cron,
  ...(timezone ? { timezone } : {}),
});
const at = (iso: string) => Date.parse(iso);
/** HH:MM labels from `a` to `b` inclusive (same day). */
const minutes = (a: string, b: string): string[] => {
  const out: string[] = [];
  for (let t = at(`2026-01-05T${a}:00Z`); t <= at(`2026-01-05T${b}:00Z`); t += MIN)
    out.push(new Date(t).toISOString().slice(11, 16));
  return out;
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('dueTicks', () => {
  it('every minute: one tick per minute, named the same on every replica', () => {
    const s = [compileSchedule(entry('*/1 * * * *'))];
    const t0 = at('2026-01-05T10:00:30Z');
    const a = dueTicks(s, t0, t0 + 5 * MIN, HOUR);
    expect(a.map((t) => iso(t.scheduledAt))).toEqual([
      '2026-01-05T10:01:00.000Z',
      '2026-01-05T10:02:00.000Z',
      '2026-01-05T10:03:00.000Z',
      '2026-01-05T10:04:00.000Z',
      '2026-01-05T10:05:00.000Z',
    ]);
    expect(
      dueTicks([compileSchedule(entry('*/1 * * * *'))], t0, t0 + 5 * MIN, HOUR).map((t) => t.name),
    ).toEqual(a.map((t) => t.name));
    expect(new Set(a.map((t) => t.name)).size).toBe(5);
    expect(a[0]!.name).toMatch(/^schedule-[0-9a-f]{40}$/);
  });

  it('fires a missed tick late once within the catch-up window and never older ones', () => {
    const s = [compileSchedule(entry('0 * * * *'))];
    const now = at('2026-01-05T10:20:00Z');
    expect(dueTicks(s, now - 10 * HOUR, now, 30 * MIN).map((t) => iso(t.scheduledAt))).toEqual([
      '2026-01-05T10:00:00.000Z',
    ]);
  });

  it('honours the timezone: 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    const s = [compileSchedule(entry('0 9 * * *', 'Europe/Berlin'))];
    const winter = at('2026-01-05T00:00:00Z');
    const summer = at('2026-07-05T00:00:00Z');
    expect(dueTicks(s, winter, winter + 24 * HOUR, 25 * HOUR).map((t) => iso(t.scheduledAt))).toEqual([
      '2026-01-05T08:00:00.000Z',
    ]);
    expect(dueTicks(s, summer, summer + 24 * HOUR, 25 * HOUR).map((t) => iso(t.scheduledAt))).toEqual([
      '2026-07-05T07:00:00.000Z',
    ]);
  });

  it('DST: the repeated 01:30 of a fall-back night has one name (fires once); the skipped 02:30 of spring-forward does not fire', () => {
    const fallBack = [compileSchedule(entry('30 1 * * *', 'America/New_York'))];
    const nov1 = at('2026-11-01T04:00:00Z');
    const ticks = dueTicks(fallBack, nov1, nov1 + 4 * HOUR, 5 * HOUR);
    expect(ticks.map((t) => iso(t.scheduledAt))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
    expect(new Set(ticks.map((t) => t.name)).size).toBe(1);
    const springForward = [compileSchedule(entry('30 2 * * *', 'America/New_York'))];
    const mar8 = at('2026-03-08T05:00:00Z');
    expect(dueTicks(springForward, mar8, mar8 + 3 * HOUR, 4 * HOUR)).toEqual([]);
  });

  it('day of month and day of week restricted together: either matches (cron semantics)', () => {
    const s = [compileSchedule(entry('0 0 13 * 5'))];
    const start = at('2026-02-01T00:00:00Z');
    const days = dueTicks(s, start, start + 28 * 24 * HOUR, 29 * 24 * HOUR).map((t) =>
      iso(t.scheduledAt).slice(0, 10),
    );
    expect(days).toEqual(['2026-02-06', '2026-02-13', '2026-02-20', '2026-02-27']);
  });

  it('an unknown timezone or a bad cron is an error, never a silent UTC', () => {
    expect(compileSchedule(entry('0 9 * * *', 'Mars/Olympus'))).toMatchObject({ error: /unknown time zone/ });
    expect(compileSchedule(entry('0 9 * *'))).toMatchObject({ error: /5 fields/ });
    expect(dueTicks([compileSchedule(entry('* * * * *', 'Mars/Olympus'))], 0, 10 * MIN, HOUR)).toEqual([]);
  });

  it('500 pipelines firing every minute: 500 ticks per minute, all distinct', () => {
    const s = Array.from({ length: 500 }, (_, i) => compileSchedule(entry('* * * * *', undefined, `p${i}`)));
    const t0 = at('2026-01-05T10:00:00Z');
    const ticks = dueTicks(s, t0, t0 + MIN, HOUR);
    expect(ticks).toHaveLength(500);
    expect(new Set(ticks.map((t) => t.name)).size).toBe(500);
  });

  it('nextFire (hour skipping) agrees with a minute-by-minute search, across DST changes and half-hour zones', () => {
    const brute = (c: ReturnType<typeof compileSchedule>, after: number): number | undefined => {
      for (let t = Math.floor(after / MIN) * MIN + MIN; t <= after + 2 * 24 * HOUR; t += MIN)
        if (dueTicks([c], t - MIN, t, 0).length > 0) return t;
      return undefined;
    };
    const crons = ['30 2 * * *', '*/20 1-3 * * *', '0 0 * * 1', '45 23 31 * *'];
    const zones = [undefined, 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    const starts = ['2026-03-28T22:00:00Z', '2026-10-24T23:59:00Z', '2026-04-04T13:07:00Z'];
    for (const cron of crons)
      for (const zone of zones)
        for (const start of starts) {
          const c = compileSchedule(entry(cron, zone));
          const want = brute(c, at(start));
          const got = nextFire(c, at(start), 2 * 24 * HOUR);
          expect(got === undefined ? undefined : iso(got), `${cron} ${zone ?? 'UTC'} after ${start}`).toBe(
            want === undefined ? undefined : iso(want),
          );
        }
  });

  it('nextFire finds the next tick in the zone', () => {
    expect(
      iso(nextFire(compileSchedule(entry('15 6 * * 1', 'Asia/Tokyo')), at('2026-01-05T00:00:00Z'))!),
    ).toBe('2026-01-11T21:15:00.000Z');
  });
});

describe('ScheduleFirer on a controllable clock', () => {
  it('fires */1 once per minute across a leader change; the new leader fires the minutes missed in between once', async () => {
    const clock = new ManualClock(at('2026-01-05T10:00:30Z'));
    const store = new Set<string>();
    const fired: string[] = [];
    const create = async (tick: DueTick) => {
      if (store.has(tick.name)) return 'duplicate' as const;
      store.add(tick.name);
      fired.push(iso(tick.scheduledAt).slice(11, 16));
      return 'recorded' as const;
    };
    let saved: number | undefined;
    const checkpoint = { load: async () => saved, save: async (ms: number) => void (saved = ms) };
    const leader = (catchUpMs: number) => {
      const f = new ScheduleFirer({ clock, create, catchUpMs, logger: silentLogger, checkpoint });
      f.setEntries([entry('*/1 * * * *')]);
      return f;
    };
    const first = leader(10 * MIN);
    first.start();
    await first.whenIdle();
    for (let i = 0; i < 3; i++) {
      clock.advance(MIN);
      await first.whenIdle();
    }
    await first.dispose();
    // A fresh install starts from now (no backlog), then one tick per minute.
    expect(fired).toEqual(minutes('10:01', '10:03'));
    // No leader for three minutes; the next one catches up within 10 minutes, and a stale second leader adds nothing.
    clock.advance(3 * MIN);
    const second = leader(10 * MIN);
    const stale = leader(10 * MIN);
    second.start();
    stale.start();
    await Promise.all([second.whenIdle(), stale.whenIdle()]);
    clock.advance(MIN);
    await Promise.all([second.whenIdle(), stale.whenIdle()]);
    await second.dispose();
    await stale.dispose();
    expect(fired).toEqual(minutes('10:01', '10:07'));
  });

  it('a leader down longer than the catch-up window fires only the ticks inside it', async () => {
    const clock = new ManualClock(at('2026-01-05T12:00:30Z'));
    const fired: string[] = [];
    const f = new ScheduleFirer({
      clock,
      catchUpMs: 5 * MIN,
      logger: silentLogger,
      checkpoint: { load: async () => at('2026-01-05T10:00:00Z'), save: async () => undefined },
      create: async (tick) => (fired.push(iso(tick.scheduledAt).slice(11, 16)), 'recorded'),
    });
    f.setEntries([entry('*/1 * * * *')]);
    f.start();
    await f.whenIdle();
    await f.dispose();
    expect(fired).toEqual(['11:56', '11:57', '11:58', '11:59', '12:00']);
  });

  it('a failed create is retried on the next check, so nothing is lost', async () => {
    const clock = new ManualClock(at('2026-01-05T10:00:30Z'));
    let down = true;
    const fired: string[] = [];
    const f = new ScheduleFirer({
      clock,
      catchUpMs: 30 * MIN,
      logger: silentLogger,
      create: async (tick) => {
        if (down) throw new Error('apiserver down');
        fired.push(iso(tick.scheduledAt).slice(11, 16));
        return 'recorded';
      },
    });
    f.setEntries([entry('*/1 * * * *')]);
    f.start();
    await f.whenIdle();
    clock.advance(2 * MIN);
    await f.whenIdle();
    down = false;
    clock.advance(MIN);
    await f.whenIdle();
    await f.dispose();
    // Recovered at 10:03: every tick since the start fired once, none lost while the apiserver was down.
    expect(fired).toEqual(minutes('10:01', '10:03'));
  });
});
