import type { Metric, Registry } from 'prom-client';

type Labels = { method: string; route: string; status_code: string };

/** One line of the exposition, as prom-client's Registry reads it from a metric's `get()`. */
interface ExposedValue {
  metricName: string;
  value: number;
  /** Printed first, then `sharedLabels`: {le="0.1",method="GET",...}, as prom-client's Histogram does. */
  labels: Record<string, string | number>;
  sharedLabels: Labels;
}

/** One (method, route, status) series: a count per bucket (not cumulative), the sum and the count. */
class Series {
  readonly perBucket: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    bucketCount: number,
  ) {
    this.perBucket = new Array<number>(bucketCount).fill(0);
  }
}

/**
 * `http_request_duration_seconds`, kept by us and exposed through a prom-client registry in the same text
 * as prom-client's own Histogram. Every request adds one observation; prom-client's `observe` validates
 * and hashes the label object on each call, even on a cached child, which cost more than the rest of the
 * hook. Here a request costs one Map lookup by a string key and a scan of the bucket bounds.
 */
export class RequestDurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  /** prom-client's Registry takes any object with a name and `get()`; its type only lists its own classes. */
  registerOn(registry: Registry): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${route} ${statusCode}`;
    let series = this.series.get(key);
    if (!series) {
      series = new Series({ method, route, status_code: String(statusCode) }, this.buckets.length);
      this.series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (seconds <= this.buckets[i]) {
        series.perBucket[i]++;
        break;
      }
    }
    series.sum += seconds;
    series.count++;
  }

  /** What prom-client's Registry reads when it renders the exposition (same shape as its Histogram's). */
  get(): { name: string; help: string; type: string; aggregator: string; values: ExposedValue[] } {
    const values: ExposedValue[] = [];
    for (const series of this.series.values()) {
      const sharedLabels = series.labels;
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += series.perBucket[i];
        values.push(this.value(`${this.name}_bucket`, cumulative, sharedLabels, { le: bound }));
      });
      values.push(this.value(`${this.name}_bucket`, series.count, sharedLabels, { le: '+Inf' }));
      values.push(this.value(`${this.name}_sum`, series.sum, sharedLabels));
      values.push(this.value(`${this.name}_count`, series.count, sharedLabels));
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }

  private value(
    metricName: string,
    value: number,
    sharedLabels: Labels,
    labels: Record<string, string | number> = {},
  ): ExposedValue {
    return { metricName, value, labels, sharedLabels };
  }
}
