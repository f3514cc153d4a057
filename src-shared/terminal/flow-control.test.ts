import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AckBatcher, DEFAULT_FLOW_MARKS, FlowController } from './flow-control';

function controller(marks = DEFAULT_FLOW_MARKS) {
  const calls: string[] = [];
  const flow = new FlowController(() => calls.push('pause'), () => calls.push('resume'), marks);
  return { flow, calls };
}

describe('FlowController', () => {
  it('pauses only above the high watermark and resumes only below the low one', () => {
    const { flow, calls } = controller();
    flow.sent(100_000);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.sent(50_000);
    expect(calls).toEqual(['pause']);
    flow.acked(140_000);
    expect(flow.pending).toBe(10_001);
    expect(calls).toEqual(['pause']);
    flow.acked(5_001);
    expect(flow.pending).toBe(5_000);
    expect(calls).toEqual(['pause']);
    flow.acked(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.isPaused).toBe(false);
  });

  it('clamps acknowledgements to what was sent and ignores nonsense counts', () => {
    const { flow, calls } = controller();
    flow.acked(1_000_000);
    expect(flow.pending).toBe(0);
    flow.sent(10);
    flow.acked(-5);
    flow.acked(Number.NaN);
    flow.sent(Number.NaN);
    expect(flow.pending).toBe(10);
    flow.acked(Number.POSITIVE_INFINITY);
    expect(flow.pending).toBe(0);
    expect(calls).toEqual([]);
  });

  it('reset counts a replay as in flight', () => {
    const { flow, calls } = controller();
    flow.sent(200_000);
    flow.reset(3_000);
    expect(calls).toEqual(['pause', 'resume']);
    flow.reset(150_000);
    expect(calls).toEqual(['pause', 'resume', 'pause']);
  });

  it('rejects watermarks in the wrong order', () => {
    expect(() => new FlowController(() => {}, () => {}, { high: 10, low: 10, ackBatch: 1 })).toThrow(RangeError);
  });

  it('never has pause/resume out of step and never goes negative (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -10, max: 200_000 })), { maxLength: 200 }), (ops) => {
        const { flow, calls } = controller();
        for (const [isSend, n] of ops) {
          if (isSend) flow.sent(n);
          else flow.acked(n);
          expect(flow.pending).toBeGreaterThanOrEqual(0);
          if (flow.pending > DEFAULT_FLOW_MARKS.high) expect(flow.isPaused).toBe(true);
          if (flow.pending < DEFAULT_FLOW_MARKS.low) expect(flow.isPaused).toBe(false);
        }
        calls.forEach((c, i) => expect(c).toBe(i % 2 === 0 ? 'pause' : 'resume'));
      }),
    );
  });
});

describe('AckBatcher', () => {
  it('acknowledges in batches and flushes the remainder', () => {
    const acks: number[] = [];
    const batcher = new AckBatcher((n) => acks.push(n), 5_000);
    batcher.written(3_000);
    expect(acks).toEqual([]);
    batcher.written(2_500);
    expect(acks).toEqual([5_500]);
    batcher.written(10);
    batcher.flush();
    batcher.flush();
    expect(acks).toEqual([5_500, 10]);
  });

  it('drives a FlowController to a standstill and back (renderer and host together)', () => {
    const { flow, calls } = controller();
    const batcher = new AckBatcher((n) => flow.acked(n));
    const chunks: number[] = [];
    // The producer sends while not paused; the renderer parses a chunk later.
    for (let i = 0; i < 100 && !flow.isPaused; i++) {
      flow.sent(4_096);
      chunks.push(4_096);
    }
    expect(flow.isPaused).toBe(true);
    for (const c of chunks.splice(0)) batcher.written(c);
    batcher.flush();
    expect(flow.pending).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
  });
});
