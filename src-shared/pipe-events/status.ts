// pipe-events as the app sees it, from what the service keeps on the core cluster: member and leader Leases,
// GitHubEvent objects, and the schedules Lease. Pure; inputs are untrusted objects read defensively.
import type { PipeEventsStatus } from '../contract/pipe-events';

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 500) : undefined);
const time = (v: unknown): number | undefined => {
  const t = Date.parse(str(v) ?? '');
  return Number.isFinite(t) ? t : undefined;
};

/** Label of member Leases (one per replica), as the service writes them. */
export const MEMBER_ROLE_LABEL = 'pipe.linecorp.com/role';
/** Annotation of the schedules Lease: the minute checked last. */
export const SCHEDULES_CHECKED_ANNOTATION = 'pipe.linecorp.com/schedules-checked-until';
/** Annotation of the schedules Lease: the upcoming fires, JSON `[{repository, pipeline, cron, timezone?, at}]`. */
export const SCHEDULES_NEXT_ANNOTATION = 'pipe.linecorp.com/schedules-next';
/** How many waiting / failing events the panel lists. */
export const LISTED_EVENTS = 20;

/** The fields of a GitHubEvent the panel needs (kept per object instead of the whole object). */
export interface EventBrief {
  readonly name: string;
  readonly deliveryId: string;
  readonly event: string;
  readonly action?: string;
  readonly repository: string;
  readonly receivedAt?: number;
  /** Pending (never processed or retrying), Succeeded, Failed. */
  readonly phase: string;
  readonly processed: boolean;
  readonly attempts?: number;
  readonly nextAttemptAt?: number;
  readonly message?: string;
  readonly runCount: number;
}

/** The fields of a Lease the panel needs. */
export interface LeaseBrief {
  readonly name: string;
  readonly holder?: string;
  readonly renewTime?: number;
  readonly durationMs?: number;
  readonly member: boolean;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Reads one GitHubEvent object. */
export function eventBriefOf(o: unknown): EventBrief {
  const meta = rec(rec(o).metadata);
  const spec = rec(rec(o).spec);
  const status = rec(rec(o).status);
  const phase = str(status.phase);
  const attempts = typeof status.attempts === 'number' ? status.attempts : undefined;
  const next = time(status.nextAttemptAt);
  const received = time(spec.receivedAt);
  const action = str(spec.action);
  const message = str(status.message);
  const runs = Array.isArray(status.runs) ? status.runs.length : typeof status.runCount === 'number' ? status.runCount : 0;
  return {
    name: str(meta.name) ?? '',
    deliveryId: str(spec.deliveryId) ?? str(meta.name) ?? '',
    event: str(spec.eventName) ?? '',
    ...(action ? { action } : {}),
    repository: str(spec.repository) ?? '',
    ...(received !== undefined ? { receivedAt: received } : {}),
    phase: phase ?? 'Pending',
    processed: phase === 'Succeeded' || phase === 'Failed',
    ...(attempts !== undefined ? { attempts } : {}),
    ...(next !== undefined ? { nextAttemptAt: next } : {}),
    ...(message ? { message } : {}),
    runCount: runs,
  };
}

/** Reads one Lease. */
export function leaseBriefOf(o: unknown): LeaseBrief {
  const meta = rec(rec(o).metadata);
  const spec = rec(rec(o).spec);
  const labels = rec(meta.labels);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(meta.annotations))) if (typeof v === 'string') annotations[k] = v.slice(0, 20_000);
  const holder = str(spec.holderIdentity);
  const renew = time(spec.renewTime);
  const duration = typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds * 1000 : undefined;
  return {
    name: str(meta.name) ?? '',
    ...(holder ? { holder } : {}),
    ...(renew !== undefined ? { renewTime: renew } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
    member: labels[MEMBER_ROLE_LABEL] === 'member',
    annotations,
  };
}

const isLive = (l: LeaseBrief, now: number): boolean => !!l.holder && l.renewTime !== undefined && l.durationMs !== undefined && now < l.renewTime + l.durationMs;

function upcoming(raw: string | undefined): PipeEventsStatus['schedules']['next'] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .slice(0, 50)
    .map((e) => {
      const x = rec(e);
      const at = time(x.at);
      const tz = str(x.timezone);
      return at === undefined ? undefined : { repository: str(x.repository) ?? '', pipeline: str(x.pipeline) ?? '', cron: str(x.cron) ?? '', ...(tz ? { timezone: tz } : {}), at };
    })
    .filter((x): x is NonNullable<typeof x> => !!x)
    .sort((a, b) => a.at - b.at)
    .slice(0, 10);
}

/** The panel's view: replicas and leader, last delivery, waiting and failing events, schedules due next. */
export function pipeEventsStatusOf(input: {
  readonly leases: Iterable<LeaseBrief>;
  readonly events: Iterable<EventBrief>;
  readonly leaseName: string;
  readonly now: number;
}): Omit<PipeEventsStatus, 'context' | 'namespace' | 'problem'> {
  const { now } = input;
  const leases = [...input.leases];
  const leaderLease = leases.find((l) => l.name === input.leaseName);
  const leader = leaderLease?.holder && isLive(leaderLease, now) ? leaderLease.holder : undefined;
  const replicas = leases
    .filter((l) => l.member && l.holder)
    .map((l) => ({
      identity: l.holder!,
      ...(l.renewTime !== undefined ? { renewedAt: l.renewTime } : {}),
      ...(l.renewTime !== undefined && l.durationMs !== undefined ? { expiresAt: l.renewTime + l.durationMs } : {}),
      live: isLive(l, now),
      leader: l.holder === leader,
    }))
    .sort((a, b) => Number(b.live) - Number(a.live) || a.identity.localeCompare(b.identity));
  const events = [...input.events];
  const newest = events.reduce<EventBrief | undefined>((best, e) => (e.event !== 'schedule' && (e.receivedAt ?? 0) > (best?.receivedAt ?? -1) ? e : best), undefined);
  const waiting = events.filter((e) => !e.processed).sort((a, b) => (a.receivedAt ?? 0) - (b.receivedAt ?? 0));
  const failing = events.filter((e) => e.phase === 'Failed' || (!e.processed && (e.attempts ?? 0) > 0)).sort((a, b) => (b.receivedAt ?? 0) - (a.receivedAt ?? 0));
  const schedulesLease = leases.find((l) => l.name === `${input.leaseName}-schedules`);
  const checked = time(schedulesLease?.annotations[SCHEDULES_CHECKED_ANNOTATION]);
  const nextRaw = schedulesLease?.annotations[SCHEDULES_NEXT_ANNOTATION];
  const live = replicas.filter((r) => r.live).length;
  const brief = (e: EventBrief): PipeEventsStatus['waitingEvents'][number] => ({
    name: e.name,
    deliveryId: e.deliveryId,
    event: e.event,
    ...(e.action ? { action: e.action } : {}),
    repository: e.repository,
    ...(e.receivedAt !== undefined ? { receivedAt: e.receivedAt } : {}),
    phase: e.phase,
    ...(e.attempts !== undefined ? { attempts: e.attempts } : {}),
    ...(e.nextAttemptAt !== undefined ? { nextAttemptAt: e.nextAttemptAt } : {}),
    ...(e.message ? { message: e.message } : {}),
    runCount: e.runCount,
  });
  return {
    state: live > 0 ? 'up' : 'down',
    replicas,
    ...(leader ? { leader } : {}),
    ...(newest ? { lastDelivery: brief(newest) } : {}),
    waiting: waiting.length,
    failing: failing.length,
    waitingEvents: waiting.slice(0, LISTED_EVENTS).map(brief),
    failingEvents: failing.slice(0, LISTED_EVENTS).map(brief),
    schedules: { ...(checked !== undefined ? { checkedUntil: checked } : {}), known: nextRaw !== undefined, next: upcoming(nextRaw) },
    totalEvents: events.length,
  };
}

/** When the view changes on its own (a Lease expiring): the soonest expiry after `now`, if any. */
export function nextExpiry(leases: Iterable<LeaseBrief>, now: number): number | undefined {
  let soonest: number | undefined;
  for (const l of leases) {
    if (l.renewTime === undefined || l.durationMs === undefined) continue;
    const at = l.renewTime + l.durationMs;
    if (at > now && (soonest === undefined || at < soonest)) soonest = at;
  }
  return soonest;
}
