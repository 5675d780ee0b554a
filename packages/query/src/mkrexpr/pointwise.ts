import type { Point, Series } from './types.ts';

/** The resolution expressions work at: Mackerel keeps one point a minute. */
export const STEP_SECONDS = 60;

/**
 * Combines many series into one, timestamp by timestamp: at each time held by any series, `fold`
 * gets the values present there (missing points are skipped, not zero). Empty when fold returns undefined.
 */
export function aggregate(series: Series[], fold: (values: number[]) => number | undefined): Point[] {
  const byTime = new Map<number, number[]>();
  for (const s of series) {
    for (const p of s.points) {
      const values = byTime.get(p.time);
      if (values) values.push(p.value);
      else byTime.set(p.time, [p.value]);
    }
  }
  const out: Point[] = [];
  for (const time of [...byTime.keys()].sort((x, y) => x - y)) {
    const value = fold(byTime.get(time) as number[]);
    if (value !== undefined && Number.isFinite(value)) out.push({ time, value });
  }
  return out;
}

/** Pairs two series at the times both hold; a result that is not finite (x/0) leaves a gap. */
export function combine(a: Point[], b: Point[], op: (x: number, y: number) => number): Point[] {
  const right = new Map(b.map((p) => [p.time, p.value]));
  const out: Point[] = [];
  for (const p of a) {
    const y = right.get(p.time);
    if (y === undefined) continue;
    const value = op(p.value, y);
    if (Number.isFinite(value)) out.push({ time: p.time, value });
  }
  return out;
}

/** Linear-interpolated percentile (numpy's default) of values, 0 < p < 100. */
export function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo] as number;
  return low + ((sorted[hi] as number) - low) * (rank - lo);
}

/** The minute-aligned times in [from, to]. */
export function minuteGrid(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / STEP_SECONDS) * STEP_SECONDS; t <= to; t += STEP_SECONDS) out.push(t);
  return out;
}

/** Least-squares line `value = intercept + slope * (time - origin)`, or undefined for fewer than 2 distinct times. */
export function fitLine(points: Point[], origin: number): { slope: number; intercept: number } | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.time - origin;
    sy += p.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = p.time - origin - mx;
    sxx += dx * dx;
    sxy += dx * (p.value - my);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The mean of the points in the window (t - width, t] at each point of `points` within [from, to]. */
export function movingMean(points: Point[], width: number, from: number, to: number): Point[] {
  const out: Point[] = [];
  let lo = 0;
  let sum = 0;
  for (let hi = 0; hi < points.length; hi++) {
    const p = points[hi] as Point;
    sum += p.value;
    while ((points[lo] as Point).time <= p.time - width) sum -= (points[lo++] as Point).value;
    if (p.time >= from && p.time <= to) out.push({ time: p.time, value: sum / (hi - lo + 1) });
  }
  return out;
}
