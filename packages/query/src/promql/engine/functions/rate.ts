/*
 * Functions of how a series moved over a window: rate, increase and delta (extrapolated to the
 * window's edges as Prometheus 3 does), irate and idelta (the last two samples), resets, changes,
 * deriv and predict_linear (least squares with compensated sums).
 */
import type { EvalContext } from '../context.ts';
import { kahanInc } from '../kahan.ts';
import { metricName, type RangeSeries, type RangeValue } from '../values.ts';

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/** rate / increase / delta of one series over the window, or null with fewer than two samples. */
export function extrapolatedRate(
  s: RangeSeries,
  w: RangeValue,
  isCounter: boolean,
  isRate: boolean,
  ctx: EvalContext,
): number | null {
  const n = s.ts.length;
  if (isCounter) {
    const name = metricName(s.labels);
    if (name !== '' && !COUNTER_SUFFIXES.some((x) => name.endsWith(x)))
      ctx.infos.add(
        `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`,
      );
  }
  if (n < 2) return null;
  const firstT = s.ts[0] as number;
  const lastT = s.ts[n - 1] as number;
  const firstV = s.vs[0] as number;
  let result = (s.vs[n - 1] as number) - firstV;
  if (isCounter) {
    for (let i = 1; i < n; i++) {
      const prev = s.vs[i - 1] as number;
      if ((s.vs[i] as number) < prev) result += prev;
    }
  }
  let toStart = (firstT - w.rangeStart) / 1000;
  let toEnd = (w.rangeEnd - lastT) / 1000;
  const sampled = (lastT - firstT) / 1000;
  const avgGap = sampled / (n - 1);
  // A gap of more than 110% of the average spacing means the series starts or ends inside the
  // window: extrapolate only half a spacing there.
  const threshold = avgGap * 1.1;
  if (toStart >= threshold) toStart = avgGap / 2;
  if (isCounter && result > 0 && firstV >= 0) {
    // A counter does not go below zero: never extrapolate past the point where it would be 0.
    const toZero = sampled * (firstV / result);
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = avgGap / 2;
  let factor = (sampled + toStart + toEnd) / sampled;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** irate (per second) or idelta from the last two samples, or null with fewer than two. */
export function instantRate(s: RangeSeries, isRate: boolean): number | null {
  const n = s.ts.length;
  if (n < 2) return null;
  const last = s.vs[n - 1] as number;
  const prev = s.vs[n - 2] as number;
  const result = isRate && last < prev ? last : last - prev;
  if (!isRate) return result;
  const dt = ((s.ts[n - 1] as number) - (s.ts[n - 2] as number)) / 1000;
  if (dt === 0) return null;
  return result / dt;
}

/** How many times the value went down (resets) or changed (changes). */
export function countMoves(s: RangeSeries, resets: boolean): number {
  let n = 0;
  for (let i = 1; i < s.vs.length; i++) {
    const prev = s.vs[i - 1] as number;
    const cur = s.vs[i] as number;
    if (resets ? cur < prev : !(cur === prev || (Number.isNaN(cur) && Number.isNaN(prev)))) n++;
  }
  return n;
}

/** Least-squares slope (per second) and intercept at `interceptT` (ms), with compensated sums. */
export function linearRegression(s: RangeSeries, interceptT: number): [number, number] {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = s.vs[0] as number;
  let constY = true;
  for (let i = 0; i < s.ts.length; i++) {
    const y = s.vs[i] as number;
    if (constY && i > 0 && y !== initY) constY = false;
    n++;
    const x = ((s.ts[i] as number) - interceptT) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [Number.NaN, Number.NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}
