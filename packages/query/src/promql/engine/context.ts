// What one query's evaluation carries from node to node: the query's bounds, the series read for
// each selector, the limits, and the annotations gathered on the way.
import type { Labels } from '@saba/model';
import type { Expr, VectorSelector } from '../ast.ts';
import { PromqlError } from '../querytest/engine.ts';
import type { Value } from './values.ts';

/** One selected series, its samples read once for the whole query. */
export interface LoadedSeries {
  labels: Labels;
  ts: Float64Array;
  vs: Float64Array;
  /** 1 where the sample is Prometheus's staleness marker. */
  stale: Uint8Array;
  length: number;
  /** Where the last look-up in `ts` ended, -1 before the first: the next one searches from there. */
  cursor: number;
}

/** The evaluation state of one query. */
export interface EvalContext {
  /** The query's start and end (both the instant of an instant query), for `@ start()` / `@ end()`. */
  readonly startMs: number;
  readonly endMs: number;
  /** The step of a range query (the default subquery step of an instant query). */
  readonly intervalMs: number;
  readonly lookbackMs: number;
  readonly series: ReadonlyMap<VectorSelector, LoadedSeries[]>;
  readonly deadline: number;
  readonly warnings: Set<string>;
  readonly infos: Set<string>;
  /** True while evaluating a range query (sort warns it is ineffective there). */
  readonly rangeQuery: boolean;
  /**
   * Evaluates a sub-expression at `t` (evaluate.ts's `evaluate`). Aggregations, function calls
   * and subqueries reach it through the context, so that they and evaluate.ts, which calls them,
   * do not import each other.
   */
  readonly evaluate: (e: Expr, t: number, ctx: EvalContext) => Value;
}

/** Throws Prometheus's timeout error when the query has run past its deadline. */
export function checkDeadline(ctx: EvalContext): void {
  if (Date.now() > ctx.deadline) throw new PromqlError('eval', 'query timed out in expression evaluation');
}

/** Throws the evaluation error `message`. */
export function evalError(message: string): never {
  throw new PromqlError('eval', message);
}
