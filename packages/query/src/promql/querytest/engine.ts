/*
 * The contract between Prometheus's test scripts and a PromQL engine: what the runner (runner.ts)
 * calls, what it expects back, and how a query reports failure. The evaluator implements it;
 * nothing here knows how queries are parsed or evaluated.
 *
 * Conventions the engine keeps (they are what Prometheus's engine does, and what the scripts check):
 * - Times are UnixMs; an instant query's vector has no timestamps (they are all `at`).
 * - Series are selected in `org` only, through `storage.querier(org, mint, maxt)`. The runner stores
 *   the scripts' series as labelled series, with LABELED_LABEL="1" (decision 0013): the engine adds
 *   that matcher to every selector and drops the label from every series it answers.
 * - Labels are sorted by name (as `@saba/model` Labels always are); `__name__` is a label like any other.
 * - A matrix is sorted by labels (compareLabels); a vector may come in any order, and the order is
 *   checked only where a script says `expect ordered` (sort, topk, ...).
 * - Stale markers (Prometheus's NaN 0x7ff0000000000002) are never answered as values.
 */
import { BadDataError, type Labels, type OrgId, type UnixMs } from '@saba/model';
import type { Storage } from '@saba/storage';

/** A scalar: one number (at the instant, or at each step of a range query's matrix). */
export interface ScalarResult extends Annotations {
  readonly kind: 'scalar';
  readonly value: number;
}

/** A string literal's value (`"foo"` evaluated at an instant). */
export interface StringResult extends Annotations {
  readonly kind: 'string';
  readonly value: string;
}

/** One series of an instant vector: its labels and its value at the query's instant. */
export interface VectorSample {
  readonly labels: Labels;
  readonly value: number;
}

/** An instant vector: at most one sample per label set. */
export interface VectorResult extends Annotations {
  readonly kind: 'vector';
  readonly samples: readonly VectorSample[];
}

/** One point of a matrix series. */
export interface MatrixPoint {
  readonly t: UnixMs;
  readonly v: number;
}

/** One series of a matrix: its labels and its points in time order. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly points: readonly MatrixPoint[];
}

/**
 * A matrix: what every range query answers (one series per label set, a point per step where the
 * expression had a value), and what an instant query of a range selector (`foo[5m]`) answers.
 * Series are sorted by labels.
 */
export interface MatrixResult extends Annotations {
  readonly kind: 'matrix';
  readonly series: readonly MatrixSeries[];
}

/**
 * What a query may tell besides its value, as Prometheus's annotations: warnings (the answer may
 * be wrong) and infos (it may not be what was meant). Each message is Prometheus's whole text, its
 * prefix included ("PromQL warning: quantile value should be between 0 and 1, got NaN"), since
 * scripts match it exactly (`expect warn msg: ...`).
 */
export interface Annotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** What a query answers: one of PromQL's four value types, with its annotations. */
export type QueryResult = ScalarResult | StringResult | VectorResult | MatrixResult;

/** Where a query failed: while parsing it, or while evaluating it. */
export type PromqlErrorPhase = 'parse' | 'eval';

/**
 * A query PromQL refuses (a syntax or type error) or cannot finish (duplicate series after a
 * function, a too-large result). The message is Prometheus's own where it has one, since scripts
 * match it (`expect fail msg: ...`). An API maps 'parse' to 400 bad_data and 'eval' to 422 execution.
 * The runner takes any BadDataError (this class or the parser's own) as the query's failure and
 * anything else (a TypeError, say) as a crash of the engine, which fails the case even under
 * `expect fail`.
 */
export class PromqlError extends BadDataError {
  constructor(
    readonly phase: PromqlErrorPhase,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the runner needs of a PromQL engine. */
export interface PromqlEngine {
  /** Evaluates `expr` at the instant `at` over the series of `org` in `storage`. */
  instant(expr: string, at: UnixMs, storage: Storage, org: OrgId): Promise<QueryResult> | QueryResult;
  /**
   * Evaluates `expr` at start, start+step, ... up to end (inclusive) and answers a matrix; a scalar
   * expression answers a matrix with one series of no labels.
   */
  range(
    expr: string,
    start: UnixMs,
    end: UnixMs,
    stepMs: number,
    storage: Storage,
    org: OrgId,
  ): Promise<QueryResult> | QueryResult;
}
