import { describe, expect, it } from 'vitest';
import { minuteInterval, parseCron, validateCron } from './cron';

describe('validateCron', () => {
  it.each([
    '15 4,5 * * *',
    '30 5,17 * * *',
    '30 5 * * 1,3',
    '30 5 * * 2,4',
    '*/15 * * * *',
    '0 0 1 jan *',
    '0 9 * * MON-FRI',
    '5/15 * * * *',
    '0 0 31 12 6',
    '0  0 * * *',
  ])('accepts %s', (expr) => expect(validateCron(expr)).toBeUndefined());

  it.each([
    ['@daily', /not supported/],
    ['* * * *', /5 fields/],
    ['* * * * * *', /5 fields/],
    ['60 * * * *', /out of range/],
    ['0 24 * * *', /out of range/],
    ['0 0 0 * *', /out of range/],
    ['0 0 * 13 *', /out of range/],
    ['0 0 * * 7', /out of range/],
    ['0 0 * * fri-mon', /backwards/],
    ['*/0 * * * *', /step/],
    ['1,,2 * * * *', /empty item/],
    ['a * * * *', /not valid/],
    ['1-2-3 * * * *', /not a value or a range/],
  ])('rejects %s', (expr, message) => expect(validateCron(expr)).toMatch(message));
});

describe('minuteInterval', () => {
  const interval = (expr: string): number => {
    const r = parseCron(expr);
    if ('error' in r) throw new Error(r.error);
    return minuteInterval(r.fields);
  };
  it('finds the shortest gap, including across the hour', () => {
    expect(interval('* * * * *')).toBe(1);
    expect(interval('*/5 * * * *')).toBe(5);
    expect(interval('0,58 * * * *')).toBe(2);
    expect(interval('30 5 * * *')).toBe(60);
  });
});
