/*
 * Function calls: evaluates the arguments at the step's time and dispatches by name to the family
 * files. Every function drops the metric name except the ones that pass samples through
 * (last_over_time, first_over_time, sort*, label_replace, label_join), as in Prometheus 3; a result
 * with two equal label sets is an error.
 */
import type { Call, Expr } from '../../ast.ts';
import { type EvalContext, evalError } from '../context.ts';
import { assertUniqueLabels, dropName, type RangeValue, type Sample, type Value } from '../values.ts';
import { absentLabels, calendar } from './calendar.ts';
import { histogramFraction, histogramQuantile } from './histogram.ts';
import { labelJoin, labelReplace } from './labels.ts';
import { MATH_FUNCTIONS, roundTo } from './math.ts';
import { checkQuantile, OVER_TIME_FUNCTIONS, overTime } from './over-time.ts';
import { countMoves, extrapolatedRate, instantRate, linearRegression } from './rate.ts';

const KEEPS_NAME = new Set(['last_over_time', 'first_over_time', 'sort', 'sort_desc', 'label_replace', 'label_join']);
const CALENDAR = new Set([
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
]);

function num(v: Value | undefined): number {
  return v?.kind === 'scalar' ? v.value : Number.NaN;
}

function str(v: Value | undefined): string {
  return v?.kind === 'string' ? v.value : '';
}

function vec(v: Value | undefined): Sample[] {
  return v?.kind === 'vector' ? v.samples : [];
}

function mapValues(samples: Sample[], f: (x: number) => number): Sample[] {
  return samples.map((s) => ({ labels: s.labels, value: f(s.value) }));
}

/** Evaluates a function call at time `t`. */
export function callFunction(e: Call, t: number, ctx: EvalContext): Value {
  const name = e.func.name;
  const args = e.args.map((a) => ctx.evaluate(a, t, ctx));
  const out = call(name, e, args, t, ctx);
  if (out.kind !== 'vector') return out;
  const samples = KEEPS_NAME.has(name) ? out.samples : out.samples.map((s) => ({ ...s, labels: dropName(s.labels) }));
  assertUniqueLabels(samples);
  return { kind: 'vector', samples };
}

function overRange(
  m: Value | undefined,
  f: (s: RangeValue['series'][number], w: RangeValue) => number | null,
): Sample[] {
  if (m?.kind !== 'matrix') return [];
  const out: Sample[] = [];
  for (const s of m.series) {
    const v = f(s, m);
    if (v !== null) out.push({ labels: s.labels, value: v });
  }
  return out;
}

function call(name: string, e: Call, args: Value[], t: number, ctx: EvalContext): Value {
  const vector = (samples: Sample[]): Value => ({ kind: 'vector', samples });
  const mathFn = MATH_FUNCTIONS.get(name);
  if (mathFn !== undefined) return vector(mapValues(vec(args[0]), mathFn));
  if (OVER_TIME_FUNCTIONS.has(name)) {
    const quantile = name === 'quantile_over_time';
    const q = quantile ? num(args[0]) : 0;
    if (quantile) checkQuantile(q, ctx);
    return vector(overRange(quantile ? args[1] : args[0], (s) => overTime(name, s, q)));
  }
  if (CALENDAR.has(name)) {
    if (args.length === 0) return vector([{ labels: [], value: calendar(name, t / 1000) }]);
    return vector(mapValues(vec(args[0]), (x) => calendar(name, x)));
  }
  switch (name) {
    case 'rate':
    case 'increase':
    case 'delta':
      return vector(overRange(args[0], (s, w) => extrapolatedRate(s, w, name !== 'delta', name === 'rate', ctx)));
    case 'irate':
    case 'idelta':
      return vector(overRange(args[0], (s) => instantRate(s, name === 'irate')));
    case 'resets':
    case 'changes':
      return vector(overRange(args[0], (s) => countMoves(s, name === 'resets')));
    case 'deriv':
      return vector(overRange(args[0], (s) => (s.ts.length < 2 ? null : linearRegression(s, s.ts[0] as number)[0])));
    case 'predict_linear': {
      const d = num(args[1]);
      return vector(
        overRange(args[0], (s) => {
          if (s.ts.length < 2) return null;
          const [slope, intercept] = linearRegression(s, t);
          return slope * d + intercept;
        }),
      );
    }
    case 'absent_over_time':
      return vector(
        args[0]?.kind === 'matrix' && args[0].series.length > 0
          ? []
          : [{ labels: absentLabels(e.args[0] as Expr), value: 1 }],
      );
    case 'absent':
      return vector(vec(args[0]).length > 0 ? [] : [{ labels: absentLabels(e.args[0] as Expr), value: 1 }]);
    case 'clamp': {
      const lo = num(args[1]);
      const hi = num(args[2]);
      if (hi < lo) return vector([]);
      return vector(mapValues(vec(args[0]), (x) => Math.max(lo, Math.min(hi, x))));
    }
    case 'clamp_min':
      return vector(mapValues(vec(args[0]), (x) => Math.max(num(args[1]), x)));
    case 'clamp_max':
      return vector(mapValues(vec(args[0]), (x) => Math.min(num(args[1]), x)));
    case 'round': {
      const to = args.length > 1 ? num(args[1]) : 1;
      return vector(mapValues(vec(args[0]), (x) => roundTo(x, to)));
    }
    case 'timestamp':
      return vector(vec(args[0]).map((s) => ({ labels: s.labels, value: (s.t ?? t) / 1000 })));
    case 'time':
      return { kind: 'scalar', value: t / 1000 };
    case 'pi':
      return { kind: 'scalar', value: Math.PI };
    case 'vector':
      return vector([{ labels: [], value: num(args[0]) }]);
    case 'scalar': {
      const s = vec(args[0]);
      return { kind: 'scalar', value: s.length === 1 ? (s[0] as Sample).value : Number.NaN };
    }
    case 'sort':
    case 'sort_desc':
      if (ctx.rangeQuery)
        ctx.warnings.add(
          'PromQL warning: sort is ineffective for range queries since results are always ordered by labels',
        );
      return vector(sortByValue(vec(args[0]), name === 'sort_desc'));
    case 'label_replace':
      return vector(labelReplace(vec(args[0]), str(args[1]), str(args[2]), str(args[3]), str(args[4])));
    case 'label_join':
      return vector(labelJoin(vec(args[0]), str(args[1]), str(args[2]), args.slice(3).map(str)));
    case 'histogram_fraction':
      return vector(histogramFraction(num(args[0]), num(args[1]), vec(args[2]), ctx));
    case 'histogram_quantile':
      return vector(histogramQuantile(num(args[0]), vec(args[1]), ctx));
    default:
      return evalError(`function ${name} is not supported`);
  }
}

// NaN sorts last either way, as in Prometheus.
function sortByValue(samples: Sample[], desc: boolean): Sample[] {
  return [...samples].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return desc ? b.value - a.value : a.value - b.value;
  });
}
