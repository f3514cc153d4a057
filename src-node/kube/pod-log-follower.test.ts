import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_SEAM, acceptLine, resumeSeam, type SeamState } from '../../src-shared/logs/seam';
import type { Clock } from '../time/clock';
import { ContainerLogFollower, advanceSeam, type FollowerState, type LogStreamOpener } from './pod-log-follower';

/** Timers fire on the next macrotask: retries happen at once, no test waits for real time. */
const immediate: Clock = { now: () => 0, setTimeout: (fn) => setTimeout(fn, 0), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

const ts = (s: number, ms = 0): string => `2026-11-28T10:00:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}Z`;

/** One scripted answer: chunks, then an end, a break, or an HTTP error. */
type Script = { chunks: string[]; then: 'end' | 'break' | 'hang' } | { status: number; message: string };

function scripted(scripts: Script[]) {
  const queries: Record<string, string>[] = [];
  const opener: LogStreamOpener = {
    open: async (_path, query, signal) => {
      queries.push({ ...query });
      const s = scripts.shift();
      if (!s) throw Object.assign(new Error('no more scripts'), { status: 500 });
      if ('status' in s) throw Object.assign(new Error(s.message), { status: s.status });
      return (async function* () {
        for (const c of s.chunks) yield new TextEncoder().encode(c);
        if (s.then === 'break') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        if (s.then === 'hang') await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      })();
    },
  };
  return { opener, queries };
}

function collect(opener: LogStreamOpener, extra: Partial<ConstructorParameters<typeof ContainerLogFollower>[0]> = {}) {
  const lines: { text: string; timeMs: number | null }[] = [];
  const states: FollowerState[] = [];
  const f = new ContainerLogFollower({
    opener,
    namespace: 'team-a',
    pod: 'p',
    container: 'step-build',
    clock: immediate,
    retryMs: { min: 1, max: 1 },
    onLines: (l) => void l.texts.forEach((text, i) => lines.push({ text, timeMs: l.times[i]! })),
    onState: (s) => void states.push(s),
    ...extra,
  });
  return { f, lines, states, texts: () => lines.map((l) => l.text) };
}

describe('ContainerLogFollower', () => {
  it('resumes a broken stream from the last second and drops the repeats, also same-timestamp ones', async () => {
    const { opener, queries } = scripted([
      { chunks: [`${ts(1)} a\n${ts(2, 5)} b\n${ts(2, 5)} c\n${ts(2, 5)} par`], then: 'break' },
      // The server replays second 2 (b, c, the whole "partial" line) and goes on.
      { chunks: [`${ts(2, 5)} b\n${ts(2, 5)} c\n${ts(2, 5)} partial\n${ts(3)} d\n`], then: 'end' },
    ]);
    const { f, texts, states } = collect(opener);
    await f.stopped;
    expect(texts()).toEqual(['a', 'b', 'c', 'partial', 'd']);
    expect(queries[0]).toEqual({ container: 'step-build', timestamps: 'true', follow: 'true' });
    expect(queries[1]).toMatchObject({ follow: 'true', sinceTime: '2026-11-28T10:00:02Z' });
    expect(states).toEqual(['following', 'reconnecting', 'following', 'done']);
    expect(f.stats).toEqual({ lines: 5, resumes: 1 });
  });

  it('waits while the container has not started (400), then follows', async () => {
    const { opener } = scripted([
      { status: 400, message: 'container "step-build" in pod "p" is waiting to start: ContainerCreating' },
      { chunks: [`${ts(1)} hello\n`], then: 'end' },
    ]);
    const { f, texts, states } = collect(opener);
    await f.stopped;
    expect(texts()).toEqual(['hello']);
    expect(states).toEqual(['waiting', 'following', 'done']);
  });

  it('says the pod is gone on 404 and stops', async () => {
    const { opener } = scripted([{ status: 404, message: 'pods "p" not found' }]);
    const { f, states } = collect(opener);
    await f.stopped;
    expect(states).toEqual(['gone']);
  });

  it('finish() stops following and reads the rest without follow, without repeats', async () => {
    const { opener, queries } = scripted([
      { chunks: [`${ts(1)} one\n${ts(1)} two\n`], then: 'hang' },
      { chunks: [`${ts(1)} one\n${ts(1)} two\n${ts(1)} three\n`], then: 'end' },
    ]);
    const { f, texts, lines } = collect(opener);
    while (lines.length < 2) await new Promise((r) => setTimeout(r, 1));
    f.finish();
    await f.stopped;
    expect(texts()).toEqual(['one', 'two', 'three']);
    expect(queries[1]).toMatchObject({ follow: 'false', sinceTime: '2026-11-28T10:00:01Z' });
  });

  it('a clean end while the container still runs resumes; once it has ended, the follower is done', async () => {
    let ended = false;
    const { opener } = scripted([
      { chunks: [`${ts(1)} x\n`], then: 'end' },
      { chunks: [`${ts(1)} x\n${ts(2)} y\n`], then: 'end' },
    ]);
    const { f, texts } = collect(opener, {
      hasEnded: async () => {
        const was = ended;
        ended = true;
        return was;
      },
    });
    await f.stopped;
    expect(texts()).toEqual(['x', 'y']);
  });

  it('reads no further while the consumer is busy (backpressure), and loses nothing', async () => {
    let pulled = 0;
    const opener: LogStreamOpener = {
      open: async () =>
        (async function* () {
          for (let i = 0; i < 50; i++) {
            pulled++;
            yield `${ts(1, i)} line ${i}\n`;
          }
        })(),
    };
    const got: string[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const f = new ContainerLogFollower({
      opener,
      namespace: 'n',
      pod: 'p',
      container: 'c',
      clock: immediate,
      onLines: async (l) => {
        got.push(...l.texts);
        await gate;
      },
    });
    while (got.length < 1) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 5));
    expect(pulled).toBe(1);
    release();
    gate = Promise.resolve();
    await f.stopped;
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
  });

  it('keeps invalid UTF-8 and huge lines bounded', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(`${ts(1)} bad `), 0xff, 0xfe, 0x0a]);
    const opener: LogStreamOpener = {
      open: async () =>
        (async function* () {
          yield bytes;
          yield `${ts(2)} ${'z'.repeat(200_000)}\n`;
        })(),
    };
    const { f, texts } = collect(opener, { maxLineChars: 1000 });
    await f.stopped;
    expect(texts()[0]).toBe('bad \ufffd\ufffd');
    expect(texts()[1]!.length).toBeLessThan(1100);
    expect(texts()[1]).toMatch(/more characters not shown/);
  });

  it('a resume inside a chunk: the repeats before the seam are dropped, the lines after it all kept', async () => {
    const { opener } = scripted([
      { chunks: [`${ts(1)} a\n${ts(2)} b\n${ts(2)} c\n`], then: 'break' },
      { chunks: [`${ts(2)} b\n${ts(2)} c\nno timestamp\n${ts(2)} d\n${ts(1)} clock step\n${ts(3)} e\n`], then: 'end' },
    ]);
    const { f, texts, lines } = collect(opener);
    await f.stopped;
    expect(texts()).toEqual(['a', 'b', 'c', 'no timestamp', 'd', 'clock step', 'e']);
    expect(lines[3]!.timeMs).toBeNull();
    expect(lines[6]!.timeMs).toBe(Date.parse('2026-11-28T10:00:03Z'));
  });
});

describe('advanceSeam', () => {
  it('gives the seam that folding acceptLine over lines past a resume gives', () => {
    const key = fc.option(fc.constantFrom('2026-11-28T10:00:01.000000000', '2026-11-28T10:00:02.000000000', '2026-11-28T10:00:02.500000000', '2026-11-28T10:00:03.000000000'), { nil: undefined });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 12 }), fc.array(key, { maxLength: 30 }), (before, keys) => {
        // A state a follower can be in outside a resume: after some lines, possibly after a finished resume.
        let s: SeamState = EMPTY_SEAM;
        for (const k of before) s = acceptLine(s, k).state;
        s = resumeSeam(s);
        for (const k of before) s = acceptLine(s, k).state;
        fc.pre(!s.resuming);
        let folded = s;
        for (const k of keys) {
          const a = acceptLine(folded, k);
          expect(a.isNew).toBe(true);
          folded = a.state;
        }
        expect(advanceSeam(s, keys)).toEqual(folded);
      }),
      { numRuns: 500 },
    );
  });
});

