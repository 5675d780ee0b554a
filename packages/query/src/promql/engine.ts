/*
 * The PromQL evaluator: parses a query, reads every selector's series once over the window the
 * whole query needs, and evaluates the tree at each step (an instant query is a range query of one
 * step). Prometheus 3.x semantics; the parts live in engine/ by aspect.
 */
import { compareLabels, type Labels, type OrgId, type UnixMs } from '@saba/model';
import type { Storage } from '@saba/storage';
import { type Expr, type VectorSelector, valueTypeOf } from './ast.ts';
import type { EvalContext } from './engine/context.ts';
import { checkDeadline } from './engine/context.ts';
import { evaluate } from './engine/evaluate.ts';
import { loadSeries, selectorWindows } from './engine/select.ts';
import { keyOf } from './engine/values.ts';
import { parseExpr } from './parser.ts';
import { type MatrixPoint, type PromqlEngine, PromqlError, type QueryResult } from './querytest/engine.ts';

/** How the evaluator runs. */
export interface PromqlEngineOptions {
  /** How far back an instant selector looks for a sample (default 5m, as Prometheus). */
  readonly lookbackDeltaMs?: number;
  /** The most samples a query may read (default 50 million, as Prometheus's --query.max-samples). */
  readonly maxSamples?: number;
  /** How long a query may run (default 2m, as Prometheus's --query.timeout). */
  readonly timeoutMs?: number;
  /** Accept Prometheus's experimental functions. */
  readonly experimentalFunctions?: boolean;
}

const DEFAULT_LOOKBACK_MS = 5 * 60_000;
// Prometheus's default subquery step for an instant query (its global evaluation interval).
const DEFAULT_SUBQUERY_STEP_MS = 60_000;

interface Prepared {
  expr: Expr;
  ctx: EvalContext;
}

/** Creates a PromQL engine. */
export function createPromqlEngine(options: PromqlEngineOptions = {}): PromqlEngine {
  const lookbackMs = options.lookbackDeltaMs ?? DEFAULT_LOOKBACK_MS;
  const maxSamples = options.maxSamples ?? 50_000_000;
  const timeoutMs = options.timeoutMs ?? 120_000;

  function prepare(
    text: string,
    startMs: number,
    endMs: number,
    intervalMs: number,
    storage: Storage,
    org: OrgId,
    rangeQuery: boolean,
  ): Prepared {
    const expr = parseExpr(text, { experimentalFunctions: options.experimentalFunctions ?? false });
    const windows = new Map<VectorSelector, { mint: number; maxt: number }>();
    selectorWindows(expr, startMs, endMs, { startMs, endMs, lookbackMs }, windows);
    const series = loadSeries(storage, org, windows);
    let total = 0;
    for (const list of series.values()) for (const s of list) total += s.length;
    if (total > maxSamples)
      throw new PromqlError('eval', 'query processing would load too many samples into memory in query execution');
    const ctx: EvalContext = {
      startMs,
      endMs,
      intervalMs,
      lookbackMs,
      series,
      deadline: Date.now() + timeoutMs,
      warnings: new Set(),
      infos: new Set(),
      rangeQuery,
      evaluate,
    };
    return { expr, ctx };
  }

  function annotations(ctx: EvalContext) {
    return { warnings: [...ctx.warnings], infos: [...ctx.infos] };
  }

  return {
    instant(text: string, at: UnixMs, storage: Storage, org: OrgId): QueryResult {
      const { expr, ctx } = prepare(text, at, at, DEFAULT_SUBQUERY_STEP_MS, storage, org, false);
      const v = evaluate(expr, at, ctx);
      const a = annotations(ctx);
      switch (v.kind) {
        case 'scalar':
          return { kind: 'scalar', value: v.value, ...a };
        case 'string':
          return { kind: 'string', value: v.value, ...a };
        case 'vector':
          return { kind: 'vector', samples: v.samples.map((s) => ({ labels: s.labels, value: s.value })), ...a };
        case 'matrix': {
          const series = v.series
            .map((s) => ({ labels: s.labels, points: s.ts.map((t, i) => ({ t: t as UnixMs, v: s.vs[i] as number })) }))
            .sort((x, y) => compareLabels(x.labels, y.labels));
          return { kind: 'matrix', series, ...a };
        }
      }
    },

    range(text: string, start: UnixMs, end: UnixMs, stepMs: number, storage: Storage, org: OrgId): QueryResult {
      if (stepMs <= 0) throw new PromqlError('eval', 'zero or negative query resolution step widths are not accepted');
      if (end < start) throw new PromqlError('eval', 'end timestamp must not be before start time');
      const { expr, ctx } = prepare(text, start, end, stepMs, storage, org, true);
      const type = valueTypeOf(expr);
      if (type !== 'scalar' && type !== 'vector') {
        const documented = type === 'matrix' ? 'range vector' : type;
        throw new PromqlError(
          'eval',
          `invalid expression type "${documented}" for range query, must be Scalar or instant Vector`,
        );
      }
      type Series = { labels: Labels; points: MatrixPoint[] };
      const bySeries = new Map<string, Series>();
      // The series at each position of the last step's answer: a step mostly answers the label
      // objects the step before did, in the same order, so one comparison finds the series
      // without the label key (a WeakMap look-up per sample).
      const lastLabels: Labels[] = [];
      const lastSeries: Series[] = [];
      for (let t = start as number; t <= end; t += stepMs) {
        checkDeadline(ctx);
        const v = evaluate(expr, t, ctx);
        const samples = v.kind === 'scalar' ? [{ labels: [], value: v.value }] : v.kind === 'vector' ? v.samples : [];
        for (let i = 0; i < samples.length; i++) {
          const s = samples[i] as { labels: Labels; value: number };
          let series: Series | undefined;
          if (lastLabels[i] === s.labels) series = lastSeries[i] as Series;
          else {
            const k = keyOf(s.labels);
            series = bySeries.get(k);
            if (series === undefined) {
              series = { labels: s.labels, points: [] };
              bySeries.set(k, series);
            }
            lastLabels[i] = s.labels;
            lastSeries[i] = series;
          }
          const last = series.points[series.points.length - 1];
          if (last !== undefined && last.t === t)
            throw new PromqlError('eval', 'vector cannot contain metrics with the same labelset');
          series.points.push({ t: t as UnixMs, v: s.value });
        }
      }
      const series = [...bySeries.values()].sort((x, y) => compareLabels(x.labels, y.labels));
      return { kind: 'matrix', series, ...annotations(ctx) };
    },
  };
}
