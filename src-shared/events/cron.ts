// 5-field POSIX cron validation as GitHub's `schedule` accepts it (UTC; no `@daily` shorthands).

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

/** A parsed cron expression: the allowed values of each field. */
export interface CronFields {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
}

/** Parses a cron expression; returns the fields or an error message a user can act on. */
export function parseCron(expr: string): { fields: CronFields } | { error: string } {
  const trimmed = expr.trim();
  if (trimmed.startsWith('@')) {
    return {
      error: `\`${trimmed}\` is not supported (GitHub does not accept @yearly, @daily, …); write five fields, e.g. \`0 0 * * *\``,
    };
  }
  const parts = trimmed.split(/[ \t]+/).filter((p) => p !== '');
  if (parts.length !== 5) {
    return {
      error: `a cron expression has 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`,
    };
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(parts[i]!, FIELDS[i]!);
    if (typeof r === 'string') return { error: r };
    sets.push(r);
  }
  return {
    fields: {
      minutes: sets[0]!,
      hours: sets[1]!,
      daysOfMonth: sets[2]!,
      months: sets[3]!,
      daysOfWeek: sets[4]!,
    },
  };
}

/** Returns an error message for an invalid cron expression, or undefined when valid. */
export function validateCron(expr: string): string | undefined {
  const r = parseCron(expr);
  return 'error' in r ? r.error : undefined;
}

/** Shortest gap in minutes between two runs within an hour's minute field (60 when once an hour). */
export function minuteInterval(fields: CronFields): number {
  const m = [...fields.minutes].sort((a, b) => a - b);
  if (m.length < 2) return 60;
  let gap = m[0]! + 60 - m[m.length - 1]!;
  for (let i = 1; i < m.length; i++) gap = Math.min(gap, m[i]! - m[i - 1]!);
  return gap;
}

function parseField(text: string, field: Field): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return `empty item in the ${field.name} field \`${text}\``;
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined) return `\`${item}\` in the ${field.name} field has more than one \`/\``;
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = field.min;
      hi = field.max;
    } else {
      const [a, b, more] = (rangePart ?? '').split('-');
      if (more !== undefined) return `\`${item}\` in the ${field.name} field is not a value or a range`;
      const av = value(a ?? '', field);
      if (typeof av === 'string') return av;
      lo = av;
      if (b === undefined) {
        // `5/15` means 5, 20, 35, 50 (a start with a step), as in Vixie cron.
        hi = stepPart === undefined ? av : field.max;
      } else {
        const bv = value(b, field);
        if (typeof bv === 'string') return bv;
        if (bv < av) return `range \`${rangePart}\` in the ${field.name} field goes backwards`;
        hi = bv;
      }
    }
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^[0-9]+$/.test(stepPart) || Number(stepPart) < 1 || Number(stepPart) > field.max) {
        return `step \`/${stepPart}\` in the ${field.name} field must be a number from 1 to ${field.max}`;
      }
      step = Number(stepPart);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: Field): number | string {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[0-9]+$/.test(text)) {
    const hint = field.names ? ` or a name like \`${Object.keys(field.names)[0]}\`` : '';
    return `\`${text}\` is not valid in the ${field.name} field: use a number from ${field.min} to ${field.max}${hint}`;
  }
  const n = Number(text);
  if (n < field.min || n > field.max) {
    return `${n} is out of range for the ${field.name} field (${field.min}–${field.max})`;
  }
  return n;
}
