import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './registry';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the text exposition format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'Things.');
    c.inc({ reason: 'signature' });
    c.inc({ reason: 'signature' }, 2);
    c.inc({ reason: 'a "quoted"\\path\nline' });
    const g = r.gauge('depth', 'Depth.');
    g.set(4);
    const h = r.histogram('latency_seconds', 'Latency.', [0.1, 1]);
    h.observe(0.05, { status: '202' });
    h.observe(0.5, { status: '202' });
    h.observe(5, { status: '202' });
    expect(r.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{reason="signature"} 3',
        'x_total{reason="a \\"quoted\\"\\\\path\\nline"} 1',
        '# HELP depth Depth.',
        '# TYPE depth gauge',
        'depth 4',
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{status="202",le="0.1"} 1',
        'latency_seconds_bucket{status="202",le="1"} 2',
        'latency_seconds_bucket{status="202",le="+Inf"} 3',
        'latency_seconds_sum{status="202"} 5.55',
        'latency_seconds_count{status="202"} 3',
      ].join('\n') + '\n',
    );
  });

  it('treats label order as irrelevant and rejects bad or duplicate names', () => {
    const r = new MetricsRegistry();
    const c = r.counter('c_total', 'C.');
    c.inc({ a: '1', b: '2' });
    c.inc({ b: '2', a: '1' });
    expect(c.get({ a: '1', b: '2' })).toBe(2);
    expect(() => r.counter('c_total', 'again')).toThrow(/twice/);
    expect(() => r.counter('bad-name', 'x')).toThrow(/invalid/);
  });
});
