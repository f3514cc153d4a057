import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_SEAM, acceptLine, resumeSeam, type SeamState } from './seam';
import { resumeSinceTime, splitTimestamp, timestampKey } from './timestamp';

/** Feeds keys through the seam; returns which were delivered. */
function feed(state: SeamState, keys: (string | undefined)[]): { delivered: number[]; state: SeamState } {
  const delivered: number[] = [];
  keys.forEach((k, i) => {
    const r = acceptLine(state, k);
    state = r.state;
    if (r.isNew) delivered.push(i);
  });
  return { delivered, state };
}

const k = (s: number, ns = 0): string => timestampKey(`2026-11-28T10:00:${String(s).padStart(2, '0')}.${String(ns).padStart(9, '0')}Z`)!;

describe('timestamps', () => {
  it('splits the apiserver timestamp from the text and keys it with nanosecond precision', () => {
    const l = splitTimestamp('2026-11-28T10:00:01.5Z hello world');
    expect(l).toEqual({ ts: '2026-11-28T10:00:01.5Z', key: '2026-11-28T10:00:01.500000000', text: 'hello world' });
    expect(splitTimestamp('no timestamp here')).toEqual({ ts: undefined, key: undefined, text: 'no timestamp here' });
    expect(splitTimestamp('2026-11-28T10:00:01Z ').text).toBe('');
  });
  it('orders keys like instants, across offsets and trimmed zeros', () => {
    expect(timestampKey('2026-11-28T10:00:01.1Z')! < timestampKey('2026-11-28T10:00:01.10000001Z')!).toBe(true);
    expect(timestampKey('2026-11-28T12:00:01.25+02:00')).toBe('2026-11-28T10:00:01.250000000');
    expect(timestampKey('yesterday')).toBeUndefined();
  });
  it('resumes from the whole second of the last line', () => {
    expect(resumeSinceTime(k(7, 123))).toBe('2026-11-28T10:00:07Z');
  });
});

describe('seam de-duplication', () => {
  it('delivers a first stream unchanged', () => {
    expect(feed(EMPTY_SEAM, [k(1), k(1), k(2), undefined, k(3)]).delivered).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops the replay of the last second, keeps what follows', () => {
    const first = feed(EMPTY_SEAM, [k(1), k(2, 1), k(2, 5)]);
    // The server resumes from second 2: it replays k(2,1) and k(2,5), then new lines.
    const second = feed(resumeSeam(first.state), [k(2, 1), k(2, 5), k(2, 9), k(3)]);
    expect(second.delivered).toEqual([2, 3]);
  });

  it('counts lines that share one timestamp: only as many as were delivered are repeats', () => {
    const first = feed(EMPTY_SEAM, [k(1), k(5), k(5)]);
    // Three lines carry k(5); two were seen before the break.
    const second = feed(resumeSeam(first.state), [k(5), k(5), k(5), k(6)]);
    expect(second.delivered).toEqual([2, 3]);
  });

  it('drops a whole replayed log when the server ignores sinceTime', () => {
    const first = feed(EMPTY_SEAM, [k(1), k(2), k(2), k(3)]);
    const second = feed(resumeSeam(first.state), [k(1), k(2), k(2), k(3), k(4)]);
    expect(second.delivered).toEqual([4]);
  });

  it('survives several breaks in a row, including one that delivered nothing', () => {
    let s = feed(EMPTY_SEAM, [k(1), k(1)]).state;
    s = feed(resumeSeam(s), []).state;
    s = resumeSeam(s);
    const r = feed(s, [k(1), k(1), k(1)]);
    expect(r.delivered).toEqual([2]);
  });

  it('property: any split of a log into resumed streams delivers every line exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 5 }),
        fc.boolean(),
        (gaps, cuts, replayAll) => {
          // A log whose timestamps advance by 0..3 ns-steps (many ties), cut into streams at `cuts`.
          let t = 0;
          const keys = gaps.map((g) => k(10 + Math.floor((t += g) / 10), t % 10));
          const breaks = [...new Set(cuts.filter((c) => c < keys.length))].sort((a, b) => a - b);
          const seen: string[] = [];
          let state = EMPTY_SEAM;
          let from = 0;
          for (const end of [...breaks, keys.length]) {
            // A resumed stream starts at the second of the last delivered line (or at 0 when the server ignores it).
            const lastSecond = state.lastKey?.slice(0, 19);
            const startAt = replayAll || !lastSecond ? 0 : keys.findIndex((x) => x.slice(0, 19) >= lastSecond);
            for (let i = Math.max(0, startAt); i < end; i++) {
              const r = acceptLine(state, keys[i]);
              state = r.state;
              if (r.isNew) seen.push(`${i}`);
            }
            from = end;
            state = resumeSeam(state);
          }
          expect(from).toBe(keys.length);
          expect(seen).toEqual(keys.map((_, i) => `${i}`));
        },
      ),
    );
  });
});
