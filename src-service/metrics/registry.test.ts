import { describe, expect, it } from 'vitest';
import { createServiceMetrics } from './service-metrics';
import { METRICS_CONTENT_TYPE, MetricsRegistry } from './registry';

describe('MetricsRegistry (prom-client)', () => {
  it('renders counters, gauges and histograms in the text exposition format, escaping label values', async () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'Things.', ['reason']);
    c.inc({ reason: 'signature' });
    c.inc({ reason: 'signature' }, 2);
    c.inc({ reason: 'a "quoted"\\path\nline' });
    r.gauge('depth', 'Depth.').set(4);
    const h = r.histogram('latency_seconds', 'Latency.', [0.1, 1], ['status']);
    h.observe(0.05, { status: '202' });
    h.observe(0.5, { status: '202' });
    h.observe(5, { status: '202' });
    const text = await r.render();
    expect(text).toContain('# TYPE x_total counter');
    expect(text).toContain('x_total{reason="signature"} 3');
    expect(text).toContain('x_total{reason="a \\"quoted\\"\\\\path\\nline"} 1');
    expect(text).toContain('depth 4');
    expect(text).toContain('latency_seconds_bucket{le="1",status="202"} 2');
    expect(text).toContain('latency_seconds_bucket{le="+Inf",status="202"} 3');
    expect(text).toContain('latency_seconds_count{status="202"} 3');
    expect(await c.get({ reason: 'signature' })).toBe(3);
    expect(await c.get({ reason: 'never' })).toBe(0);
    expect(METRICS_CONTENT_TYPE).toContain('version=0.0.4');
  });

  it('rejects undeclared labels, bad and duplicate names; registries are separate per service instance', () => {
    const r = new MetricsRegistry();
    const c = r.counter('c_total', 'C.', ['a']);
    expect(() => c.inc({ b: '1' })).toThrow();
    expect(() => r.counter('c_total', 'again')).toThrow();
    expect(() => r.counter('bad-name', 'x')).toThrow();
    expect(() => {
      createServiceMetrics();
      createServiceMetrics();
    }).not.toThrow();
  });
});
