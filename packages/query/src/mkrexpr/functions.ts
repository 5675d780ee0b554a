// The one table of functions (habit 6): each entry holds the name, the argument kinds the parser
// checks, any static check, and the evaluation. Adding a function is one entry here plus a script.
import type { CallNode, ExprNode } from './ast.ts';
import { ExprError } from './errors.ts';
import { aggregate, combine, fitLine, minuteGrid, movingMean, percentileOf, STEP_SECONDS } from './pointwise.ts';
import type { ExprSource, Point, Series } from './types.ts';

/** What an argument must be: a nested call, or a literal of one kind. */
export type ParamKind = 'series' | 'string' | 'number' | 'duration';

/** What a function's evaluation is given: its arguments, the range asked for, and a way to evaluate sub-expressions. */
export interface EvalCall {
  node: CallNode;
  from: number;
  to: number;
  source: ExprSource;
  /** Canonical text of this call, the legend of series it combines. */
  text: string;
  /** Evaluates argument i (0-based) over [from, to], by default this call's range. */
  series(i: number, from?: number, to?: number): Promise<Series[]>;
  str(i: number): string;
  num(i: number): number;
  /** Argument i's duration in seconds. */
  dur(i: number): number;
}

/** One function of the language. */
export interface FunctionDef {
  name: string;
  /** Argument kinds; with `variadic` the last kind repeats and the list is the minimum. */
  params: ParamKind[];
  variadic?: boolean;
  /** A problem with literal arguments found at parse time, as a message. */
  check?: (args: ExprNode[]) => string | undefined;
  evaluate: (call: EvalCall) => Promise<Series[]>;
  /** One line for editors and docs. */
  doc: string;
}

// roleSlots() works on custom metrics and these system metrics only, as Mackerel documents; the
// interface and disk ones are accepted by name and per device (`interface.eth0.rxBytes.delta`).
const ROLE_SLOT_METRICS = [
  /^custom\./,
  /^loadavg5$/,
  /^processor_queue_length$/,
  /^cpu\.(user|iowait|system)\.percentage$/,
  /^interface\.([^.]+\.)?(rx|tx)Bytes\.delta$/,
  /^disk\.([^.]+\.)?(reads|writes)\.delta$/,
  /^memory\.(used|cached)$/,
  /^container\.(cpu|memory)\.usage$/,
];

const literal = (args: ExprNode[], i: number): ExprNode | undefined => args[i];

const fetcher =
  (get: (s: ExprSource, owner: string, metric: string, from: number, to: number) => Promise<Series[]>) =>
  (c: EvalCall): Promise<Series[]> =>
    get(c.source, c.str(0), c.str(1), c.from, c.to);

const aggregator =
  (fold: (values: number[], c: EvalCall) => number | undefined) =>
  async (c: EvalCall): Promise<Series[]> => {
    const input = await c.series(0);
    if (input.length === 0) return [];
    return [{ name: c.text, source: '', points: aggregate(input, (v) => fold(v, c)) }];
  };

const mapSeries =
  (label: (s: Series, c: EvalCall) => string, pointsOf: (p: Point[], c: EvalCall) => Point[]) =>
  async (c: EvalCall): Promise<Series[]> =>
    (await c.series(0)).map((s) => ({ ...s, name: label(s, c), points: pointsOf(s.points, c) }));

const binary =
  (op: (x: number, y: number) => number) =>
  async (c: EvalCall): Promise<Series[]> => {
    const [left, right] = await Promise.all([c.series(0), c.series(1)]);
    if (right.length === 0) return [];
    const b = right[0] as Series;
    if (right.length > 1) {
      throw new ExprError(`${c.node.name}() second argument must be one series, got ${right.length}`, c.node.pos);
    }
    return left.map((a) => ({
      ...a,
      name: `${c.node.name}(${a.name}, ${b.name})`,
      points: combine(a.points, b.points, op),
    }));
  };

const argText = (c: EvalCall, i: number): string => {
  const arg = c.node.args[i];
  return arg && (arg.kind === 'number' || arg.kind === 'duration') ? arg.text : '';
};

const defs: FunctionDef[] = [
  {
    name: 'host',
    params: ['string', 'string'],
    doc: "host(hostId, metricName): the host's series; `*` wildcards allowed",
    evaluate: fetcher((s, o, m, f, t) => s.hostSeries(o, m, f, t)),
  },
  {
    name: 'service',
    params: ['string', 'string'],
    doc: 'service(serviceName, metricName): service-metric series',
    evaluate: fetcher((s, o, m, f, t) => s.serviceSeries(o, m, f, t)),
  },
  {
    name: 'role',
    params: ['string', 'string'],
    doc: 'role(Service:role, metricName): series of every host currently in the role',
    evaluate: fetcher((s, o, m, f, t) => s.roleSeries(o, m, f, t)),
  },
  {
    name: 'roleSlots',
    params: ['string', 'string'],
    doc: 'roleSlots(Service:role, metricName): the role series including hosts that used to be in it',
    check: (args) => {
      const metric = literal(args, 1);
      if (metric?.kind !== 'string' || ROLE_SLOT_METRICS.some((re) => re.test(metric.value))) return undefined;
      return `roleSlots() does not support metric "${metric.value}": use a custom metric or loadavg5, processor_queue_length, cpu.{user,iowait,system}.percentage, interface.{rx,tx}Bytes.delta, disk.{reads,writes}.delta, memory.{used,cached}, container.{cpu,memory}.usage`;
    },
    evaluate: fetcher((s, o, m, f, t) => s.roleSlotSeries(o, m, f, t)),
  },
  {
    name: 'avg',
    params: ['series'],
    doc: 'avg(metrics): pointwise average across series',
    evaluate: aggregator((v) => v.reduce((x, y) => x + y, 0) / v.length),
  },
  {
    name: 'max',
    params: ['series'],
    doc: 'max(metrics): pointwise maximum across series',
    evaluate: aggregator((v) => Math.max(...v)),
  },
  {
    name: 'min',
    params: ['series'],
    doc: 'min(metrics): pointwise minimum across series',
    evaluate: aggregator((v) => Math.min(...v)),
  },
  {
    name: 'sum',
    params: ['series'],
    doc: 'sum(metrics): pointwise sum across series',
    evaluate: aggregator((v) => v.reduce((x, y) => x + y, 0)),
  },
  {
    name: 'product',
    params: ['series'],
    doc: 'product(metrics): pointwise product across series',
    evaluate: aggregator((v) => v.reduce((x, y) => x * y, 1)),
  },
  {
    name: 'percentile',
    params: ['series', 'number'],
    doc: 'percentile(metrics, p): pointwise p-th percentile across series, 0 < p < 100',
    check: (args) => {
      const p = literal(args, 1);
      if (p?.kind === 'number' && !(p.value > 0 && p.value < 100)) {
        return `percentile must be between 0 and 100 (exclusive), got ${p.text}`;
      }
      return undefined;
    },
    evaluate: aggregator((v, c) => percentileOf(v, c.num(1))),
  },
  {
    name: 'diff',
    params: ['series', 'series'],
    doc: 'diff(a, b): pointwise a - b; b must be one series',
    evaluate: binary((x, y) => x - y),
  },
  {
    name: 'divide',
    params: ['series', 'series'],
    doc: 'divide(a, b): pointwise a / b; b must be one series; x/0 leaves a gap',
    evaluate: binary((x, y) => x / y),
  },
  {
    name: 'scale',
    params: ['series', 'number'],
    doc: 'scale(metrics, factor): multiply by a constant',
    evaluate: mapSeries(
      (s, c) => `scale(${s.name}, ${argText(c, 1)})`,
      (p, c) => p.map((q) => ({ time: q.time, value: q.value * c.num(1) })),
    ),
  },
  {
    name: 'offset',
    params: ['series', 'number'],
    doc: 'offset(metrics, amount): add a constant',
    evaluate: mapSeries(
      (s, c) => `offset(${s.name}, ${argText(c, 1)})`,
      (p, c) => p.map((q) => ({ time: q.time, value: q.value + c.num(1) })),
    ),
  },
  {
    name: 'timeShift',
    params: ['series', 'duration'],
    doc: 'timeShift(metrics, duration): the series from `duration` ago, moved forward onto this range',
    evaluate: async (c) => {
      const d = c.dur(1);
      const past = await c.series(0, c.from - d, c.to - d);
      return past.map((s) => ({
        ...s,
        name: `timeShift(${s.name}, ${argText(c, 1)})`,
        points: s.points.map((p) => ({ time: p.time + d, value: p.value })),
      }));
    },
  },
  {
    name: 'movingAverage',
    params: ['series', 'duration'],
    doc: 'movingAverage(metrics, duration): mean over the trailing window (t - duration, t]',
    evaluate: async (c) => {
      const d = c.dur(1);
      const input = await c.series(0, c.from - d, c.to);
      return input.map((s) => ({
        ...s,
        name: `movingAverage(${s.name}, ${argText(c, 1)})`,
        points: movingMean(s.points, d, c.from, c.to),
      }));
    },
  },
  {
    name: 'linearRegression',
    params: ['series', 'duration'],
    doc: 'linearRegression(metrics, duration): the least-squares line fitted to [to - duration, to], drawn over the range',
    evaluate: async (c) => {
      const input = await c.series(0, c.to - c.dur(1), c.to);
      const out: Series[] = [];
      for (const s of input) {
        const line = fitLine(s.points, c.to);
        if (!line) continue;
        const points = minuteGrid(c.from, c.to).map((t) => ({
          time: t,
          value: line.intercept + line.slope * (t - c.to),
        }));
        out.push({ ...s, name: `linearRegression(${s.name}, ${argText(c, 1)})`, points });
      }
      return out;
    },
  },
  {
    name: 'timeLeftForecast',
    params: ['series', 'duration', 'number'],
    doc: 'timeLeftForecast(metrics, duration, threshold): seconds from `to` until the fitted line reaches threshold',
    evaluate: async (c) => {
      const input = await c.series(0, c.to - c.dur(1), c.to);
      const threshold = c.num(2);
      const at = Math.floor(c.to / STEP_SECONDS) * STEP_SECONDS;
      const out: Series[] = [];
      for (const s of input) {
        const line = fitLine(s.points, c.to);
        if (!line || line.slope === 0) continue;
        const left = (threshold - line.intercept) / line.slope;
        // A negative answer means the line moves away from the threshold (or passed it already): no forecast.
        if (left < 0) continue;
        const name = `timeLeftForecast(${s.name}, ${argText(c, 1)}, ${argText(c, 2)})`;
        out.push({ ...s, name, points: [{ time: at, value: left }] });
      }
      return out;
    },
  },
  {
    name: 'group',
    params: ['series'],
    variadic: true,
    doc: 'group(m1, m2, ...): all the series of every argument, in order',
    evaluate: async (c) => (await Promise.all(c.node.args.map((_, i) => c.series(i)))).flat(),
  },
  {
    name: 'stack',
    params: ['series'],
    doc: 'stack(metrics): mark the series to be drawn stacked',
    evaluate: async (c) => (await c.series(0)).map((s) => ({ ...s, stacked: true })),
  },
  {
    name: 'alias',
    params: ['series', 'string'],
    doc: "alias(metrics, 'name'): rename every series",
    evaluate: async (c) => (await c.series(0)).map((s) => ({ ...s, name: c.str(1) })),
  },
];

/** Every function of the language by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(defs.map((d) => [d.name, d]));
