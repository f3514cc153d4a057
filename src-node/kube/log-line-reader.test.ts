import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src-shared/logs/line-splitter';
import { keyToEpochMs, splitTimestamp } from '../../src-shared/logs/timestamp';
import { LogLineReader, type LogLineBatch } from './log-line-reader';

type Line = { text: string; key: string | undefined; time: number | null };

function readAll(chunks: readonly (Uint8Array | string)[], max?: number): Line[] {
  const r = new LogLineReader(max);
  const out: Line[] = [];
  const add = (b: LogLineBatch): void => {
    expect(b.keys.length).toBe(b.texts.length);
    expect(b.times.length).toBe(b.texts.length);
    b.texts.forEach((text, i) => out.push({ text, key: b.keys[i], time: b.times[i]! }));
  };
  for (const c of chunks) add(r.push(c));
  add(r.end());
  return out;
}

/** The reference: LineSplitter + splitTimestamp + keyToEpochMs from src-shared/logs. */
function reference(chunks: readonly Uint8Array[], max = 64 * 1024): Line[] {
  const splitter = new LineSplitter({ maxLineChars: max });
  const decoder = new TextDecoder('utf-8');
  const raw: string[] = [];
  for (const c of chunks) raw.push(...splitter.push(decoder.decode(c, { stream: true })));
  raw.push(...splitter.push(decoder.decode()));
  const last = splitter.flush();
  if (last !== undefined) raw.push(last);
  return raw.map((r) => {
    const l = splitTimestamp(r);
    const ms = l.key ? keyToEpochMs(l.key) : Number.NaN;
    return { text: l.text, key: l.key, time: Number.isNaN(ms) ? null : ms };
  });
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('LogLineReader', () => {
  it('splits timestamps from text with a nanosecond key and epoch ms', () => {
    const lines = readAll(['2026-11-28T10:00:01.123456789Z hello world\n2026-11-28T10:00:02Z \n2026-11-28T10:00:03.5Z x y\n']);
    expect(lines).toEqual([
      { text: 'hello world', key: '2026-11-28T10:00:01.123456789', time: Date.parse('2026-11-28T10:00:01.123Z') },
      { text: '', key: '2026-11-28T10:00:02.000000000', time: Date.parse('2026-11-28T10:00:02Z') },
      { text: 'x y', key: '2026-11-28T10:00:03.500000000', time: Date.parse('2026-11-28T10:00:03.500Z') },
    ]);
  });

  it('gives lines with one stamp the same key, and equal instants written differently equal keys', () => {
    const lines = readAll(['2026-11-28T10:00:01.5Z a\n2026-11-28T10:00:01.5Z b\n2026-11-28T10:00:01.50Z c\n2026-11-28T10:00:01.500000000Z d\n2026-11-28T10:00:01Z e\n2026-11-28T10:00:02.5Z f\n']);
    expect(lines.map((l) => l.key)).toEqual([...Array(4).fill('2026-11-28T10:00:01.500000000'), '2026-11-28T10:00:01.000000000', '2026-11-28T10:00:02.500000000']);
    expect(lines.map((l) => l.time! - Date.parse('2026-11-28T10:00:00Z'))).toEqual([1500, 1500, 1500, 1500, 1000, 2500]);
  });

  it('keeps a line without a timestamp whole, and an offset timestamp as UTC', () => {
    expect(readAll(['no timestamp here\n2026-11-28T10:00:01+09:00 east\n2026-11-28T10:00:01.Z bad fraction\n'])).toEqual([
      { text: 'no timestamp here', key: undefined, time: null },
      { text: 'east', key: '2026-11-28T01:00:01.000000000', time: Date.parse('2026-11-28T01:00:01Z') },
      { text: '2026-11-28T10:00:01.Z bad fraction', key: undefined, time: null },
    ]);
  });

  it('joins a line split across chunks at every position, and drops the CR of CRLF', () => {
    const text = '2026-11-28T10:00:01.25Z first\r\n2026-11-28T10:00:02Z second\r\nthird\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(readAll([text.slice(0, cut), text.slice(cut)]).map((l) => [l.text, l.key])).toEqual([
        ['first', '2026-11-28T10:00:01.250000000'],
        ['second', '2026-11-28T10:00:02.000000000'],
        ['third', undefined],
      ]);
    }
  });

  it('joins a multibyte character split across byte chunks; invalid UTF-8 becomes U+FFFD', () => {
    const bytes = enc('2026-11-28T10:00:01Z price 5€ ok 🎉\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(readAll([bytes.slice(0, cut), bytes.slice(cut)])[0]!.text).toBe('price 5€ ok 🎉');
    }
    expect(readAll([new Uint8Array([...enc('2026-11-28T10:00:01Z bad '), 0xff, 0xfe, 0x0a])])[0]!.text).toBe('bad \ufffd\ufffd');
    // A stream that ends inside a character: the rest is U+FFFD on the last, unterminated line.
    expect(readAll([enc('tail '), new Uint8Array([0xe2, 0x82])])).toEqual([{ text: 'tail \ufffd', key: undefined, time: null }]);
  });

  it('cuts a 10 MB line with a note, holding no more than the limit of it', () => {
    const r = new LogLineReader(64 * 1024);
    const mb = 'x'.repeat(1024 * 1024);
    expect(r.push('2026-11-28T10:00:01Z ').texts).toEqual([]);
    for (let i = 0; i < 10; i++) expect(r.push(mb).texts).toEqual([]);
    const done = r.push('\n2026-11-28T10:00:02Z next\n');
    expect(done.texts).toHaveLength(2);
    expect(done.texts[0]!.length).toBeLessThan(64 * 1024 + 100);
    expect(done.texts[0]).toMatch(/^x+ … \[\d+ more characters not shown\]$/);
    expect(done.keys[0]).toBe('2026-11-28T10:00:01.000000000');
    expect(done.texts[1]).toBe('next');
    // The same line inside one chunk.
    const one = readAll([`2026-11-28T10:00:01Z ${'y'.repeat(10 * 1024 * 1024)}\n`], 64 * 1024);
    expect(one).toHaveLength(1);
    expect(one[0]!.text).toMatch(/^y+ … \[10420245 more characters not shown\]$/);
  });

  it('returns the unterminated last line at the end, and nothing for an empty stream', () => {
    expect(readAll(['2026-11-28T10:00:01Z a\n2026-11-28T10:00:02Z b']).map((l) => l.text)).toEqual(['a', 'b']);
    expect(readAll([])).toEqual([]);
    expect(readAll(['\n'])).toEqual([{ text: '', key: undefined, time: null }]);
  });

  it('gives the same lines, keys and times as the reference parser for any text cut into any chunks', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const timestamp = fc
      .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.array(digit, { maxLength: 10 }), fc.constantFrom('Z', 'Z', '+09:00', '-00:30', 'z', ''))
      .map(([d, frac, zone]) => `${d.toISOString().slice(0, 19)}${frac.length ? `.${frac.join('')}` : ''}${zone}`);
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\r', '€', '🎉', 'T', '2', ':', '.', 'Z', '\u001b'), maxLength: 30 });
    // A few fixed stamps too, so that neighbours often share one (the reader reuses the key of an equal stamp).
    const stamp = fc.oneof(timestamp, fc.constantFrom('2026-11-28T10:00:01.5Z', '2026-11-28T10:00:01.50Z', '2026-11-28T10:00:01.500000000Z', '2026-11-28T10:00:01Z', '2026-11-28T10:00:02.5Z'));
    const line = fc.oneof(fc.tuple(stamp, text).map(([t, x]) => `${t} ${x}`), text, fc.constantFrom('2026-11-28T24:00:00.5Z h24', '2026-13-45T10:00:00Z bad date'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 8, max: 60 }), (lines, endsWithNewline, cuts, max) => {
        const bytes = enc(lines.join('\n') + (endsWithNewline ? '\n' : ''));
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length]!;
          chunks.push(bytes.slice(at, at + size));
          at += size;
        }
        expect(readAll(chunks, max)).toEqual(reference(chunks, max));
        expect(readAll([bytes])).toEqual(reference([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('replaces invalid UTF-8 exactly as TextDecoder does, wherever the chunks are cut', () => {
    // Lead, continuation and invalid bytes mixed: truncated, overlong, surrogate and out-of-range sequences.
    const byte = fc.constantFrom(0x41, 0x20, 0x0a, 0x0d, 0xc2, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0x89, 0xff, 0xc0, 0x80, 0xed, 0xa0, 0xf4, 0x90);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), (list, cuts) => {
        const bytes = new Uint8Array(list);
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < bytes.length; i++) {
          chunks.push(bytes.slice(at, at + cuts[i % cuts.length]!));
          at += cuts[i % cuts.length]!;
        }
        expect(readAll(chunks)).toEqual(reference(chunks));
      }),
      { numRuns: 1000 },
    );
  });
});
