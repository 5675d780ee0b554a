// The *_over_time functions: one number per series from the samples in its window.
import type { EvalContext } from '../context.ts';
import { formatFloat } from '../format.ts';
import { kahanInc, kahanMean, kahanVariance, quantileOf } from '../kahan.ts';
import type { RangeSeries } from '../values.ts';

/** Names of the *_over_time functions handled here. */
export const OVER_TIME_FUNCTIONS = new Set([
  'avg_over_time',
  'sum_over_time',
  'count_over_time',
  'min_over_time',
  'max_over_time',
  'last_over_time',
  'first_over_time',
  'present_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'quantile_over_time',
  'mad_over_time',
]);

/** The value of the *_over_time function `name` for one series (`param` is quantile_over_time's φ). */
export function overTime(name: string, s: RangeSeries, param: number): number {
  const vs = s.vs;
  switch (name) {
    case 'avg_over_time':
      return kahanMean(vs);
    case 'sum_over_time': {
      let sum = 0;
      let c = 0;
      for (const v of vs) [sum, c] = kahanInc(v, sum, c);
      return sum + c;
    }
    case 'count_over_time':
      return vs.length;
    case 'min_over_time':
    case 'max_over_time': {
      let m = vs[0] as number;
      for (const v of vs) if (Number.isNaN(m) || (name === 'max_over_time' ? v > m : v < m)) m = v;
      return m;
    }
    case 'last_over_time':
      return vs[vs.length - 1] as number;
    case 'first_over_time':
      return vs[0] as number;
    case 'present_over_time':
      return 1;
    case 'stddev_over_time':
      return Math.sqrt(kahanVariance(vs));
    case 'stdvar_over_time':
      return kahanVariance(vs);
    case 'quantile_over_time':
      return quantileOf(param, vs);
    case 'mad_over_time': {
      const median = quantileOf(0.5, vs);
      return quantileOf(
        0.5,
        vs.map((v) => Math.abs(v - median)),
      );
    }
    default:
      return Number.NaN;
  }
}

/** Adds quantile_over_time's warning for a φ outside [0, 1]. */
export function checkQuantile(q: number, ctx: EvalContext): void {
  if (Number.isNaN(q) || q < 0 || q > 1)
    ctx.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${formatFloat(q, 'g')}`);
}
