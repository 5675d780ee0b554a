import { percentile } from '../prometheus-peer/query.ts';

/** Latency figures of a set of requests, in ms; percentiles by nearest rank. */
export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/**
 * Keeps every latency and sorts once at the end: exact percentiles, and a benchmark records at
 * most a few hundred thousand requests (8 bytes each), so no bucketed histogram is needed.
 */
export class LatencyRecorder {
  private values = new Float64Array(1024);
  private n = 0;

  /** Adds one request's latency in ms. */
  record(ms: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = ms;
  }

  /** How many latencies were recorded. */
  get count(): number {
    return this.n;
  }

  /** Count, mean, p50, p90, p99, p99.9 and max; throws when nothing was recorded. */
  summary(): LatencySummary {
    if (this.n === 0) throw new Error('no latencies recorded');
    // A typed array sorts numerically (a plain array would sort as strings).
    const sorted = Array.from(this.values.slice(0, this.n).sort());
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: this.n,
      meanMs: sum / this.n,
      p50Ms: percentile(sorted, 0.5),
      p90Ms: percentile(sorted, 0.9),
      p99Ms: percentile(sorted, 0.99),
      p999Ms: percentile(sorted, 0.999),
      maxMs: sorted[this.n - 1] as number,
    };
  }
}
