// Kahan-Neumaier compensated summation, which Prometheus 3 uses in sum, avg, the *_over_time
// functions and linear regression, so answers agree with its test files to the last digits.

/** Adds `inc` to `sum` with compensation `c`; returns the new sum and compensation. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}

/**
 * kahanInc in place: adds `inc` to `sums[i]` with compensation `cs[i]`. For per-group sums
 * (aggregate.ts `fold`), where destructuring a returned pair cost ~15 ns more a sample.
 */
export function kahanIncAt(inc: number, sums: Float64Array, cs: Float64Array, i: number): void {
  const sum = sums[i] as number;
  const t = sum + inc;
  sums[i] = t;
  if (!Number.isFinite(t) && !Number.isNaN(t)) cs[i] = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) cs[i] = (cs[i] as number) + (sum - t + inc);
  else cs[i] = (cs[i] as number) + (inc - t + sum);
}

/** The mean of `vs`: a compensated sum, switching to an incremental mean if the sum would overflow. */
export function kahanMean(vs: readonly number[]): number {
  let sum = 0;
  let c = 0;
  let mean = 0;
  let incremental = false;
  for (let i = 0; i < vs.length; i++) {
    const f = vs[i] as number;
    const count = i + 1;
    if (!incremental) {
      const [ns, nc] = kahanInc(f, sum, c);
      if (count === 1 || Number.isFinite(ns) || Number.isNaN(ns)) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanInc(f / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  return sum / vs.length + c / vs.length;
}

/** The population variance of `vs`, computed as Prometheus's stdvar_over_time does. */
export function kahanVariance(vs: readonly number[]): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (const f of vs) {
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** Prometheus's quantile of sorted-or-not values: linear interpolation between closest ranks. */
export function quantileOf(q: number, values: readonly number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (sorted[lower] as number) * (1 - weight) + (sorted[upper] as number) * weight;
}
