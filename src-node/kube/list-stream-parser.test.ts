import { describe, expect, it } from 'vitest';
import { ListStreamParser } from './list-stream-parser';

const list = JSON.stringify({
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '42', continue: 'tok"en\\x', remainingItemCount: 7 },
  items: [
    { metadata: { name: 'a', annotations: { tricky: '} ] { [ "items": [' } } },
    { metadata: { name: 'b\u00e9\\"' }, spec: { containers: [{ name: 'c', args: ['[', '{'] }] } },
    { metadata: { name: 'c' }, status: {} },
  ],
});

function parseIn(chunks: string[]) {
  const items: unknown[] = [];
  const p = new ListStreamParser((i) => items.push(i));
  for (const c of chunks) p.feed(c);
  return { meta: p.end(), items };
}

describe('ListStreamParser', () => {
  it('yields metadata and every item, whatever the chunk boundaries', () => {
    const expected = JSON.parse(list) as { items: unknown[] };
    for (let cut = 1; cut < list.length; cut++) {
      const { meta, items } = parseIn([list.slice(0, cut), list.slice(cut)]);
      expect(meta).toEqual({ resourceVersion: '42', continue: 'tok"en\\x', remainingItemCount: 7 });
      expect(items).toEqual(expected.items);
    }
    const { items } = parseIn(list.match(/[\s\S]{1,3}/g)!);
    expect(items).toHaveLength(3);
  });

  it('reads metadata written after the items (custom resources: keys sorted)', () => {
    const cr = JSON.stringify({ apiVersion: 'tekton.dev/v1', items: [{ metadata: { name: 'r1' } }, { metadata: { name: 'r2' } }], kind: 'PipelineRunList', metadata: { continue: 'abc', remainingItemCount: 9998, resourceVersion: '23393' } });
    for (let cut = 1; cut < cr.length; cut++) {
      const { meta, items } = parseIn([cr.slice(0, cut), cr.slice(cut)]);
      expect(meta).toEqual({ continue: 'abc', remainingItemCount: 9998, resourceVersion: '23393' });
      expect(items).toHaveLength(2);
    }
  });

  it('handles empty and item-less lists, and reports a truncated body', () => {
    expect(parseIn(['{"kind":"PodList","metadata":{"resourceVersion":"1"},"items":[]}'])).toEqual({ meta: { resourceVersion: '1' }, items: [] });
    expect(parseIn(['{"kind":"PodList","metadata":{"resourceVersion":"1"}}'])).toEqual({ meta: { resourceVersion: '1' }, items: [] });
    expect(() => parseIn([list.slice(0, list.length - 40)])).toThrow(/ended early/);
  });

  // Speed is measured by `npm run bench -- clusters-parse`, never asserted here.
  it('parses 10,000 pods worth of JSON fed in 16 KiB chunks', () => {
    const pod = { metadata: { name: 'x', namespace: 'n', uid: 'u', labels: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] }, status: { phase: 'Pending' } };
    const body = JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '9' }, items: Array.from({ length: 10_000 }, () => pod) });
    let n = 0;
    const p = new ListStreamParser(() => n++);
    for (let i = 0; i < body.length; i += 16 * 1024) p.feed(body.slice(i, i + 16 * 1024));
    expect(p.end()).toEqual({ resourceVersion: '9' });
    expect(n).toBe(10_000);
  });
});
