// The metrics registry: prom-client (Prometheus' own Node client) behind the small typed surface the service uses.
import * as prom from 'prom-client';

type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing count per label set. */
export class Counter {
  constructor(private readonly metric: prom.Counter) {}

  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(labels, by);
  }

  /** Current value of one series (0 when never incremented). */
  async get(labels: Labels = {}): Promise<number> {
    return valueOf(await this.metric.get(), labels);
  }
}

/** A value that goes up and down per label set. */
export class Gauge {
  constructor(private readonly metric: prom.Gauge) {}

  set(value: number, labels: Labels = {}): void {
    this.metric.set(labels, value);
  }

  async get(labels: Labels = {}): Promise<number> {
    return valueOf(await this.metric.get(), labels);
  }

  /** Drops every series (before setting the current set of label values again). */
  reset(): void {
    this.metric.reset();
  }
}

/** Observations bucketed by upper bound, per label set. */
export class Histogram {
  constructor(private readonly metric: prom.Histogram) {}

  observe(value: number, labels: Labels = {}): void {
    this.metric.observe(labels, value);
  }
}

/** Holds the service's metrics (one registry per service instance, never the global one). */
export class MetricsRegistry {
  private readonly registry = new prom.Registry();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return new Counter(new prom.Counter({ name, help, labelNames, registers: [this.registry] }));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return new Gauge(new prom.Gauge({ name, help, labelNames, registers: [this.registry] }));
  }

  histogram(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames: readonly string[] = [],
  ): Histogram {
    return new Histogram(
      new prom.Histogram({ name, help, labelNames, buckets: [...buckets], registers: [this.registry] }),
    );
  }

  /** Prometheus text exposition format (Content-Type `METRICS_CONTENT_TYPE`). */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Content type of the text exposition format. */
export const METRICS_CONTENT_TYPE = prom.Registry.PROMETHEUS_CONTENT_TYPE;

function valueOf(data: prom.MetricObjectWithValues<prom.MetricValue<string>>, labels: Labels): number {
  const want = Object.entries(labels);
  const hit = data.values.find(
    (v) =>
      Object.keys(v.labels).length === want.length && want.every(([k, val]) => String(v.labels[k]) === val),
  );
  return hit?.value ?? 0;
}
