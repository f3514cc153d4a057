// A recent real delivery (a GitHubEvent object pipe-events recorded) as a simulator column: its stored
// normalized event, read defensively (cluster data is untrusted input).
import type { NormalizedEvent } from '../events/types';
import type { CommonEvent } from './simulated-event';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const EVENT_NAME = /^[a-z_]{1,40}$/;

/** What the host hands over for one delivery (see `pipelines.recentDeliveries`). */
export interface DeliverySummary {
  readonly name: string;
  readonly deliveryId: string;
  readonly eventName: string;
  readonly action?: string;
  readonly ref?: string;
  readonly event: unknown;
}

/** The normalized event of a delivery, or undefined when it lacks what matching reads. */
export function deliveryEvent(d: DeliverySummary): NormalizedEvent | undefined {
  const e = d.event;
  if (!isObj(e) || typeof e['name'] !== 'string' || !EVENT_NAME.test(e['name'])) return undefined;
  const repo = e['repository'];
  if (!isObj(repo) || typeof repo['fullName'] !== 'string' || typeof repo['defaultBranch'] !== 'string') return undefined;
  if (!isObj(e['changedFiles']) || typeof e['changedFiles']['kind'] !== 'string') return undefined;
  if (e['ref'] !== undefined && typeof e['ref'] !== 'string') return undefined;
  if (typeof e['sha'] !== 'string') return undefined;
  return e as unknown as NormalizedEvent;
}

/** A column for the delivery (`delivery:<object name>`), or undefined when its event cannot be read. */
export function deliveryColumn(d: DeliverySummary): CommonEvent | undefined {
  const event = deliveryEvent(d);
  if (!event) return undefined;
  const ref = (event.ref ?? '').replace(/^refs\/(heads|tags)\//, '');
  const title = `${d.eventName}${d.action ? `.${d.action}` : ''}${ref ? ` ${ref}` : ''} (delivery ${d.deliveryId.slice(0, 8)})`;
  // `input` is unused when `delivered` is set; it names the event for code that only looks at inputs.
  return { id: `delivery:${d.name}`, title, input: { kind: 'push', refType: 'branch', name: ref }, delivered: event };
}
