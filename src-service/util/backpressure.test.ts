import { describe, expect, it } from 'vitest';
import { Backpressure } from './backpressure';

describe('Backpressure', () => {
  it('shrinks background workers as record latency grows and restores them after the burst', () => {
    let now = 0;
    const bp = new Backpressure(() => now);
    expect(bp.workers(16)).toBe(16);
    for (let i = 0; i < 50; i++) bp.note(50);
    expect(bp.workers(16)).toBe(16);
    for (let i = 0; i < 50; i++) bp.note(300);
    expect(bp.workers(16)).toBe(8);
    for (let i = 0; i < 50; i++) bp.note(2000);
    expect(bp.workers(16)).toBe(0);
    now += 1500;
    expect(bp.workers(16)).toBe(16);
    expect(bp.latencyMs).toBe(0);
  });
});
