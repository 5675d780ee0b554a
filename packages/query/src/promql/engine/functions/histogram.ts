/*
 * histogram_quantile over classic histograms: series grouped by their labels without `le` and the
 * name, buckets sorted and merged by bound, counts forced monotonic (with an info) and tiny float
 * differences ignored, then linear interpolation inside the bucket the rank falls in.
 */
import type { EvalContext } from '../context.ts';
import { formatFloat } from '../format.ts';
import { dropName, keyOf, metricName, type Sample } from '../values.ts';

interface Bucket {
  upper: number;
  count: number;
}

// Differences below this fraction of a count are float noise, not decreases (Prometheus's 1e-12).
const SMALL_DELTA = 1e-12;

function parseLe(s: string): number {
  const t = s.trim() === s ? s : '';
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(t)) return Number.NaN;
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?$|^[+-]?0[xX][0-9a-fA-F_.]+([pP][+-]?\d+)?$/.test(t))
    return Number.NaN;
  const n = Number(t.replaceAll('_', ''));
  return n;
}

function almostEqual(a: number, b: number, eps: number): boolean {
  if (a === b) return true;
  const diff = Math.abs(a - b);
  const norm = Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE);
  return diff < eps * norm;
}

/** The φ-quantile of one classic histogram's buckets; flags whether counts had to be made monotonic. */
export function bucketQuantile(q: number, input: Bucket[]): { value: number; forced: boolean } {
  if (Number.isNaN(q)) return { value: Number.NaN, forced: false };
  if (q < 0) return { value: Number.NEGATIVE_INFINITY, forced: false };
  if (q > 1) return { value: Number.POSITIVE_INFINITY, forced: false };
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.upper !== Number.POSITIVE_INFINITY) return { value: Number.NaN, forced: false };
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const prev = buckets[buckets.length - 1];
    if (prev !== undefined && prev.upper === b.upper) prev.count += b.count;
    else buckets.push({ ...b });
  }
  let forced = false;
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.count === prev) continue;
    if (almostEqual(prev, b.count, SMALL_DELTA)) {
      b.count = prev;
      continue;
    }
    if (b.count < prev) {
      b.count = prev;
      forced = true;
      continue;
    }
    prev = b.count;
  }
  if (buckets.length < 2) return { value: Number.NaN, forced };
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return { value: Number.NaN, forced };
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return { value: (buckets[buckets.length - 2] as Bucket).upper, forced };
  if (b === 0 && (buckets[0] as Bucket).upper <= 0) return { value: (buckets[0] as Bucket).upper, forced };
  let start = 0;
  const end = (buckets[b] as Bucket).upper;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const below = buckets[b - 1] as Bucket;
    start = below.upper;
    count -= below.count;
    rank -= below.count;
  }
  return { value: start + (end - start) * (rank / count), forced };
}

interface BucketGroup {
  labels: Sample['labels'];
  buckets: Bucket[];
  name: string;
}

// Groups bucket series by their labels without `le` and the name; a bad `le` is warned and left out.
function groupBuckets(samples: Sample[], ctx: EvalContext): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const s of samples) {
    const le = s.labels.find((l) => l.name === 'le');
    const upper = le === undefined ? Number.NaN : parseLe(le.value);
    const name = metricName(s.labels);
    if (Number.isNaN(upper)) {
      ctx.warnings.add(
        `PromQL warning: bucket label "le" is missing or has a malformed value of ${JSON.stringify(le?.value ?? '')} for metric name ${JSON.stringify(name)}`,
      );
      continue;
    }
    const labels = dropName(s.labels).filter((l) => l.name !== 'le');
    const k = keyOf(labels);
    let g = groups.get(k);
    if (g === undefined) {
      g = { labels, buckets: [], name };
      groups.set(k, g);
    }
    g.buckets.push({ upper, count: s.value });
  }
  return [...groups.values()];
}

/** histogram_quantile(φ, v) over the classic histograms in `v`. */
export function histogramQuantile(q: number, samples: Sample[], ctx: EvalContext): Sample[] {
  if (Number.isNaN(q) || q < 0 || q > 1)
    ctx.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${formatFloat(q, 'g')}`);
  const out: Sample[] = [];
  for (const g of groupBuckets(samples, ctx)) {
    const r = bucketQuantile(q, g.buckets);
    if (r.forced)
      ctx.infos.add(
        `PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${JSON.stringify(g.name)}`,
      );
    out.push({ labels: g.labels, value: r.value });
  }
  return out;
}

/**
 * The fraction of observations between `lower` and `upper` in one classic histogram. Inside a
 * bucket the observations are taken as spread evenly; the first bucket starts at 0 when its bound
 * is positive, and a bound inside a bucket of infinite width takes none of that bucket.
 */
export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  if (sorted[sorted.length - 1]?.upper !== Number.POSITIVE_INFINITY) return Number.NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const prev = buckets[buckets.length - 1];
    if (prev !== undefined && prev.upper === b.upper) prev.count += b.count;
    else buckets.push({ ...b });
  }
  const total = (buckets[buckets.length - 1] as Bucket).count;
  if (total === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN;
  if (lower >= upper) return 0;
  const rankAt = (x: number): number => {
    let below = 0;
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i] as Bucket;
      const lb = i > 0 ? (buckets[i - 1] as Bucket).upper : b.upper > 0 ? 0 : Number.NEGATIVE_INFINITY;
      if (x <= lb) return below;
      if (x < b.upper) {
        // No interpolation in a bucket of infinite width: the open-ended side counts none of it.
        if (!Number.isFinite(lb)) return b.count;
        if (!Number.isFinite(b.upper)) return below;
        return below + ((b.count - below) * (x - lb)) / (b.upper - lb);
      }
      below = b.count;
    }
    return total;
  };
  return Math.max(0, rankAt(upper) - rankAt(lower)) / total;
}

/** histogram_fraction(lower, upper, v) over the classic histograms in `v`. */
export function histogramFraction(lower: number, upper: number, samples: Sample[], ctx: EvalContext): Sample[] {
  return groupBuckets(samples, ctx).map((g) => ({ labels: g.labels, value: bucketFraction(lower, upper, g.buckets) }));
}
