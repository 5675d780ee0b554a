import { lowerBound } from '../search.ts';

/**
 * Samples that arrived behind a series' newest in-order sample (late or re-sent data), kept
 * sorted by time; a second write of a timestamp replaces the value. Late data is the
 * exception (agents re-send after an outage), so plain arrays with binary search are enough.
 */
export class OooBuffer {
  readonly ts: number[] = [];
  readonly vs: number[] = [];

  /** Inserts or replaces the sample at `t`. */
  put(t: number, v: number): void {
    const i = lowerBound(this.ts, t);
    if (this.ts[i] === t) {
      this.vs[i] = v;
      return;
    }
    this.ts.splice(i, 0, t);
    this.vs.splice(i, 0, v);
  }

  /** Number of samples held. */
  get length(): number {
    return this.ts.length;
  }

  /** Index range [from, to) of samples within [mint, maxt]. */
  range(mint: number, maxt: number): [number, number] {
    return [lowerBound(this.ts, mint), lowerBound(this.ts, maxt + 1)];
  }

  /** Removes samples with t < before. */
  dropBefore(before: number): void {
    const n = lowerBound(this.ts, before);
    if (n > 0) {
      this.ts.splice(0, n);
      this.vs.splice(0, n);
    }
  }
}
