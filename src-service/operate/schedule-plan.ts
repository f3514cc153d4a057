// When `schedule:` entries fire (issue 14): cron ticks in UTC or an IANA zone, deterministic tick names, bounded catch-up.
import { createHash } from 'node:crypto';
import { parseCron, type CronFields } from '../../src-shared/events/cron';

const MINUTE = 60_000;

/** One schedule entry of one pipeline of one repository. */
export interface ScheduleEntry {
  readonly repository: string;
  readonly pipeline: string;
  readonly cron: string;
  /** IANA zone; UTC when absent. */
  readonly timezone?: string;
}

/** A tick that is due: which entry, the scheduled minute (epoch ms, UTC) and its deterministic event name. */
export interface DueTick {
  readonly entry: ScheduleEntry;
  readonly scheduledAt: number;
  /** Same for every replica, leader and restart: creating it twice hits AlreadyExists. */
  readonly name: string;
}

/** A cron entry that can be evaluated, or why not. */
export type CompiledSchedule =
  | { readonly entry: ScheduleEntry; readonly fields: CronFields; readonly zone: Intl.DateTimeFormat }
  | { readonly entry: ScheduleEntry; readonly error: string };

/** Parses the cron and checks the zone (an unknown zone is an error, never a silent UTC). */
export function compileSchedule(entry: ScheduleEntry): CompiledSchedule {
  const parsed = parseCron(entry.cron);
  if ('error' in parsed) return { entry, error: parsed.error };
  try {
    const zone = new Intl.DateTimeFormat('en-US', {
      timeZone: entry.timezone ?? 'UTC',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    return { entry, fields: parsed.fields, zone };
  } catch {
    return { entry, error: `unknown time zone "${entry.timezone}" (use an IANA name such as Europe/Berlin)` };
  }
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Wall-clock fields of an instant in the entry's zone. */
function wallTime(zone: Intl.DateTimeFormat, at: number) {
  const parts: Record<string, string> = {};
  for (const p of zone.formatToParts(at)) parts[p.type] = p.value;
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? -1,
    key: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`,
  };
}

/** Cron semantics: with both day fields restricted a day matches either (Vixie cron, as GitHub). */
function matches(f: CronFields, t: ReturnType<typeof wallTime>): boolean {
  return f.minutes.has(t.minute) && f.hours.has(t.hour) && dayMatches(f, t);
}

function dayMatches(f: CronFields, t: ReturnType<typeof wallTime>): boolean {
  if (!f.months.has(t.month)) return false;
  const domAll = f.daysOfMonth.size === 31;
  const dowAll = f.daysOfWeek.size === 7;
  if (domAll || dowAll) return f.daysOfMonth.has(t.day) && f.daysOfWeek.has(t.weekday);
  return f.daysOfMonth.has(t.day) || f.daysOfWeek.has(t.weekday);
}

/**
 * Ticks of `schedules` in the minutes (after, until]; `after` is clamped to `until - catchUpMs`, so a tick missed while
 * no leader ran fires late once (within the window) and older ones never. Ticks are named by repository, pipeline, cron,
 * zone and the zone's wall-clock minute, so the repeated wall minute of a DST fall-back fires once; wall minutes skipped
 * by a spring-forward do not fire.
 */
export function dueTicks(
  schedules: readonly CompiledSchedule[],
  after: number,
  until: number,
  catchUpMs: number,
): DueTick[] {
  // A tick is always allowed the minute it takes to be checked; the catch-up window adds to that.
  const from = Math.floor(Math.max(after, until - Math.max(catchUpMs, MINUTE)) / MINUTE) * MINUTE + MINUTE;
  const out: DueTick[] = [];
  for (let at = from; at <= until; at += MINUTE) {
    for (const s of schedules) {
      if ('error' in s) continue;
      const t = wallTime(s.zone, at);
      if (matches(s.fields, t)) out.push({ entry: s.entry, scheduledAt: at, name: tickName(s.entry, t.key) });
    }
  }
  return out;
}

/** Deterministic GitHubEvent name of one tick. */
export function tickName(entry: ScheduleEntry, wallMinute: string): string {
  const id = [
    entry.repository.toLowerCase(),
    entry.pipeline,
    entry.cron.trim().replace(/\s+/g, ' '),
    entry.timezone ?? 'UTC',
    wallMinute,
  ].join('\n');
  return `schedule-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/** The next fire time of an entry after `after` (searching up to `horizonMs`), for status and metrics. */
export function nextFire(
  s: CompiledSchedule,
  after: number,
  horizonMs = 8 * 24 * 60 * MINUTE,
): number | undefined {
  if ('error' in s) return undefined;
  const start = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  for (let at = start; at <= after + horizonMs;) {
    const t = wallTime(s.zone, at);
    // A wrong hour or day skips to the next wall hour: a DST jump forward only skips wall minutes that do not exist,
    // a jump back re-checks some, so no tick is missed (at most 24 checks a day instead of 1,440).
    if (!s.fields.hours.has(t.hour) || !dayMatches(s.fields, t)) at += (60 - t.minute) * MINUTE;
    else if (s.fields.minutes.has(t.minute)) return at;
    else at += MINUTE;
  }
  return undefined;
}
