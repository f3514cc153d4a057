import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReplayBuffer } from './replay-buffer';

describe('ReplayBuffer', () => {
  it('keeps the newest characters up to its capacity', () => {
    const b = new ReplayBuffer(10);
    b.push('hello ');
    b.push('world');
    expect(b.read()).toBe('ello world');
    b.push('0123456789abc');
    expect(b.read()).toBe('3456789abc');
    expect(b.length).toBe(10);
    b.push('');
    expect(b.read()).toBe('3456789abc');
  });

  it('equals the tail of everything pushed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.string({ maxLength: 30 }), { maxLength: 40 }), (cap, parts) => {
        const b = new ReplayBuffer(cap);
        for (const p of parts) b.push(p);
        const all = parts.join('');
        expect(b.read()).toBe(all.slice(Math.max(0, all.length - cap)));
        expect(b.length).toBe(Math.min(all.length, cap));
      }),
    );
  });
});
