import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  it('fires due timers in order, at their due time, including ones set while advancing', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    const a = clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => {
      fired.push(`c@${clock.now()}`);
      clock.setTimeout(() => fired.push(`d@${clock.now()}`), 5);
    }, 30);
    clock.clearTimeout(a);
    expect(clock.pending).toEqual([20, 30]);
    clock.advance(34);
    expect(fired).toEqual(['b@1020', 'c@1030']);
    expect(clock.now()).toBe(1034);
    clock.advance(1);
    expect(fired.at(-1)).toBe('d@1035');
    expect(clock.pending).toEqual([]);
  });
});
