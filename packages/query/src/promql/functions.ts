// Every PromQL function and aggregation of Prometheus 3.x, with the types the parser checks.
import type { AggregateOp, ValueType } from './value-kinds.ts';

/** A PromQL function's signature. */
export interface PromFunction {
  name: string;
  /** Argument types in order; with `variadic` the last one repeats. */
  argTypes: ValueType[];
  /**
   * 0: exactly `argTypes.length` arguments. N > 0: the last argument is optional and may repeat up to N
   * times in all (so between `argTypes.length - 1` and `argTypes.length - 1 + N`). -1: no upper bound.
   */
  variadic: number;
  returnType: ValueType;
  /** Behind Prometheus's `--enable-feature=promql-experimental-functions`. */
  experimental: boolean;
  /** Reads native histogram samples (the `histogram_*` family). */
  nativeHistograms: boolean;
}

const v: ValueType = 'vector';
const m: ValueType = 'matrix';
const s: ValueType = 'scalar';
const str: ValueType = 'string';

function def(
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  opts: { variadic?: number; experimental?: boolean } = {},
): PromFunction {
  return {
    name,
    argTypes,
    variadic: opts.variadic ?? 0,
    returnType,
    experimental: opts.experimental ?? false,
    nativeHistograms: name.startsWith('histogram_'),
  };
}

const exp = { experimental: true };
// Functions of one instant vector that return one, element by element.
const MATH =
  'abs acos acosh asin asinh atan atanh ceil cos cosh deg exp floor ln log10 log2 rad sgn sin sinh sqrt tan tanh';
// Functions of one range vector that return an instant vector.
const OVER_TIME =
  'absent_over_time avg_over_time changes count_over_time delta deriv idelta increase irate last_over_time max_over_time min_over_time present_over_time rate resets stddev_over_time stdvar_over_time sum_over_time';
// Calendar functions: one optional instant vector, `vector(time())` when left out.
const CALENDAR = 'day_of_month day_of_week day_of_year days_in_month hour minute month year';

const list: PromFunction[] = [
  ...MATH.split(' ').map((n) => def(n, [v], v)),
  ...OVER_TIME.split(' ').map((n) => def(n, [m], v)),
  ...CALENDAR.split(' ').map((n) => def(n, [v], v, { variadic: 1 })),
  def('absent', [v], v),
  def('clamp', [v, s, s], v),
  def('clamp_max', [v, s], v),
  def('clamp_min', [v, s], v),
  def('histogram_avg', [v], v),
  def('histogram_count', [v], v),
  def('histogram_sum', [v], v),
  def('histogram_stddev', [v], v),
  def('histogram_stdvar', [v], v),
  def('histogram_fraction', [s, s, v], v),
  def('histogram_quantile', [s, v], v),
  def('label_replace', [v, str, str, str, str], v),
  def('label_join', [v, str, str, str], v, { variadic: -1 }),
  def('pi', [], s),
  def('predict_linear', [m, s], v),
  def('quantile_over_time', [s, m], v),
  def('round', [v, s], v, { variadic: 1 }),
  def('scalar', [v], s),
  def('sort', [v], v),
  def('sort_desc', [v], v),
  def('time', [], s),
  def('timestamp', [v], v),
  def('vector', [s], v),
  // Experimental in 3.x.
  def('double_exponential_smoothing', [m, s, s], v, exp),
  def('first_over_time', [m], v, exp),
  def('histogram_quantiles', [v, str, s, s], v, { variadic: 9, experimental: true }),
  def('info', [v, v], v, { variadic: 1, experimental: true }),
  def('integral', [m, s], v, { variadic: 1, experimental: true }),
  def('mad_over_time', [m], v, exp),
  def('sort_by_label', [v, str], v, { variadic: -1, experimental: true }),
  def('sort_by_label_desc', [v, str], v, { variadic: -1, experimental: true }),
  def('start_timestamp', [v], v, exp),
  def('ts_of_first_over_time', [m], v, exp),
  def('ts_of_last_over_time', [m], v, exp),
  def('ts_of_max_over_time', [m], v, exp),
  def('ts_of_min_over_time', [m], v, exp),
  // Query-time values and helpers of duration expressions.
  def('start', [], s, exp),
  def('end', [], s, exp),
  def('range', [], s, exp),
  def('step', [], s, exp),
  def('min_of', [s, s], s, exp),
  def('max_of', [s, s], s, exp),
];

/** Every function by name. */
export const FUNCTIONS: ReadonlyMap<string, PromFunction> = new Map(list.map((f) => [f.name, f]));

/** An aggregation operator's signature: the type of its leading parameter, if it has one. */
export interface PromAggregation {
  op: AggregateOp;
  param: 'scalar' | 'string' | null;
  experimental: boolean;
}

const aggs: PromAggregation[] = [
  ...(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar'] as const).map((op) => ({
    op,
    param: null,
    experimental: false,
  })),
  { op: 'topk', param: 'scalar', experimental: false },
  { op: 'bottomk', param: 'scalar', experimental: false },
  { op: 'quantile', param: 'scalar', experimental: false },
  { op: 'count_values', param: 'string', experimental: false },
  { op: 'limitk', param: 'scalar', experimental: true },
  { op: 'limit_ratio', param: 'scalar', experimental: true },
];

/** Every aggregation operator by (lower-case) name. */
export const AGGREGATIONS: ReadonlyMap<string, PromAggregation> = new Map(aggs.map((a) => [a.op, a]));
