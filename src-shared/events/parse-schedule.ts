// Parses the `schedule` entries of the annotation (cron, UTC unless `timezone`).
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { minuteInterval, parseCron } from './cron';
import { suggest } from './schema';
import type { CronSchedule, EventTrigger } from './types';
import { asNode, type DiagnosticSink } from './yaml-sink';

// IANA zone names (`Europe/London`, `America/Argentina/Buenos_Aires`) or `UTC`; existence is checked by the scheduler.
const TIMEZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Parses the `schedule` list; undefined when invalid (diagnostics reported). */
export function parseSchedule(key: Scalar, value: unknown, sink: DiagnosticSink): EventTrigger | undefined {
  if (!isSeq(value) || value.items.length === 0) {
    sink.addNode(
      'error',
      '`schedule` must be a list of cron entries, e.g. `- cron: "30 5 * * 1"`',
      asNode(value) ?? key,
    );
    return undefined;
  }
  const schedules: CronSchedule[] = [];
  let ok = true;
  for (const item of value.items) {
    if (!isMap(item)) {
      const hint = isScalar(item) ? ' — write `- cron: "…"`' : '';
      sink.addNode('error', `each schedule entry must be a map with \`cron\`${hint}`, asNode(item));
      ok = false;
      continue;
    }
    let cron: string | undefined;
    let timezone: string | undefined;
    for (const pair of item.items) {
      const k = pair.key;
      const keyText = isScalar(k) ? String(k.value) : '?';
      const v = pair.value;
      if (keyText === 'cron') {
        if (!isScalar(v) || typeof v.value !== 'string') {
          sink.addNode(
            'error',
            '`cron` must be a string; quote it, e.g. `cron: "0 * * * *"`',
            asNode(v) ?? asNode(k),
          );
          ok = false;
          continue;
        }
        const parsed = parseCron(v.value);
        if ('error' in parsed) {
          sink.addNode('error', `invalid cron expression: ${parsed.error}`, v);
          ok = false;
          continue;
        }
        if (minuteInterval(parsed.fields) < 5) {
          sink.addNode(
            'warning',
            'GitHub runs scheduled workflows at most once every 5 minutes; this schedule asks for more',
            v,
          );
        }
        cron = v.value.trim();
      } else if (keyText === 'timezone') {
        if (!isScalar(v) || typeof v.value !== 'string' || !TIMEZONE.test(v.value)) {
          sink.addNode(
            'error',
            '`timezone` must be an IANA time zone name such as `Europe/London`',
            asNode(v) ?? asNode(k),
          );
          ok = false;
          continue;
        }
        timezone = v.value;
      } else {
        const near = suggest(keyText, ['cron', 'timezone']);
        sink.addNode(
          'error',
          `unknown key \`${keyText}\` in a schedule entry${near ? ` — did you mean \`${near}\`?` : ''}; allowed: cron, timezone`,
          asNode(k),
        );
        ok = false;
      }
    }
    if (cron === undefined) {
      if (ok) sink.addNode('error', 'a schedule entry needs `cron`', item);
      ok = false;
      continue;
    }
    schedules.push(timezone !== undefined ? { cron, timezone } : { cron });
  }
  return ok ? { event: 'schedule', schedules } : undefined;
}
