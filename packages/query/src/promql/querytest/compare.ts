/*
 * How Prometheus's test runner compares a query's answer with a script's expectation:
 * - floats are equal within a relative error of 1e-6 (both NaN counts as equal; a value next to 0
 *   must be within 1e-6 * the smallest normal float of it);
 * - labels are compared exactly, `__name__` included;
 * - a vector's order matters only under `expect ordered` (each series at its line's place);
 * - a matrix must be sorted by labels and is never `ordered`; its expected values sit on the
 *   query's grid (start, start+step, ... up to end), `_` meaning no point there;
 * - every expected series must be answered and nothing else may be.
 */
import { compareLabels, type Labels, labelsKey } from '@saba/model';
import type { MatrixSeries, QueryResult } from './engine.ts';
import type { ExpectedSeries } from './script.ts';
import type { SequenceValue } from './series-notation.ts';

/** Prometheus's allowed relative error for sample values. */
export const DEFAULT_EPSILON = 0.000001;

/** The smallest positive normal float64 (2^-1022). */
const MIN_NORMAL = 2.2250738585072014e-308;

/** Whether two floats are equal for a test: within `epsilon` relative error, or both NaN. */
export function almostEqual(a: number, b: number, epsilon = DEFAULT_EPSILON): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** The grid a matrix's expected values sit on. */
export interface Grid {
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
}

/** What a query must answer: an eval's result lines and modifiers. */
export interface ResultExpectation {
  readonly ordered: boolean;
  readonly expectedScalar: number | null;
  readonly expectedString: string | null;
  readonly expected: readonly ExpectedSeries[];
  /** Where a matrix's values sit; null for an instant query without `expect range vector`. */
  readonly grid: Grid | null;
}

/** Compares an answer with its expectation; returns why they differ, or null when they agree. */
export function compareResult(exp: ResultExpectation, got: QueryResult): string | null {
  switch (got.kind) {
    case 'scalar':
      if (exp.expectedScalar === null)
        return `expected a vector or matrix result, but got scalar ${formatValue(got.value)}`;
      if (!almostEqual(exp.expectedScalar, got.value)) {
        return `expected scalar ${formatValue(exp.expectedScalar)} but got ${formatValue(got.value)}`;
      }
      return null;
    case 'string':
      if (exp.expectedString !== got.value) {
        return `expected string ${JSON.stringify(exp.expectedString ?? '')} but got ${JSON.stringify(got.value)}`;
      }
      return null;
    case 'vector':
      return compareVector(exp, got.samples);
    case 'matrix':
      return compareMatrix(exp, got.series);
  }
}

function compareVector(exp: ResultExpectation, samples: readonly { labels: Labels; value: number }[]): string | null {
  if (exp.expectedScalar !== null) return `expected a scalar result, but got a vector of ${samples.length}`;
  const want = byLabels(exp.expected);
  const seen = new Set<string>();
  for (let pos = 0; pos < samples.length; pos++) {
    const s = samples[pos] as (typeof samples)[number];
    const key = labelsKey(s.labels);
    const e = want.get(key);
    if (e === undefined)
      return `unexpected series ${formatLabels(s.labels)} in the result, with value ${formatValue(s.value)}`;
    if (seen.has(key)) return `series ${formatLabels(s.labels)} is in the result twice`;
    seen.add(key);
    if (exp.ordered && e.pos !== pos + 1) {
      return `expected ${formatLabels(s.labels)} at position ${e.pos} but it was at ${pos + 1}`;
    }
    const v = e.values[0];
    if (v?.kind === 'histogram')
      return `expected the histogram ${v.text} for ${formatLabels(s.labels)} but got the float ${formatValue(s.value)}`;
    const want0 = expectedFloat(v);
    if (!almostEqual(want0, s.value)) {
      return `expected ${formatValue(want0)} for ${formatLabels(s.labels)} but got ${formatValue(s.value)}`;
    }
  }
  for (const [key, e] of want) if (!seen.has(key)) return `expected series ${formatLabels(e.labels)} not found`;
  return null;
}

function compareMatrix(exp: ResultExpectation, series: readonly MatrixSeries[]): string | null {
  if (exp.ordered) return 'expected an ordered result, but the query answered a matrix';
  if (exp.expectedScalar !== null) return `expected a scalar result, but got a matrix of ${series.length} series`;
  for (let k = 1; k < series.length; k++) {
    const a = (series[k - 1] as MatrixSeries).labels;
    const b = (series[k] as MatrixSeries).labels;
    if (compareLabels(a, b) > 0)
      return `a matrix must be sorted by labels, but ${formatLabels(a)} comes before ${formatLabels(b)}`;
  }
  const want = byLabels(exp.expected);
  const seen = new Set<string>();
  for (const s of series) {
    const key = labelsKey(s.labels);
    const e = want.get(key);
    if (e === undefined) return `unexpected series ${formatLabels(s.labels)} in the result, with ${formatPoints(s)}`;
    seen.add(key);
    const points: { t: number; v: number }[] = [];
    for (let i = 0; i < e.values.length; i++) {
      const v = e.values[i] as SequenceValue;
      const t = exp.grid === null ? Number.NaN : exp.grid.start + i * exp.grid.stepMs;
      if (exp.grid === null || t > exp.grid.end) {
        return `expected ${e.values.length} points for ${formatLabels(e.labels)}, but the query's time range cannot hold that many`;
      }
      if (v.kind === 'histogram')
        return `expected the histogram ${v.text} at t=${t} for ${formatLabels(e.labels)}; native histograms are not supported`;
      if (v.kind !== 'omitted') points.push({ t, v: expectedFloat(v) });
    }
    if (points.length !== s.points.length) {
      return `expected ${points.length} points for ${formatLabels(e.labels)}, but got ${formatPoints(s)}`;
    }
    for (let i = 0; i < points.length; i++) {
      const w = points[i] as { t: number; v: number };
      const g = s.points[i] as { t: number; v: number };
      if (w.t !== g.t)
        return `expected point ${i} of ${formatLabels(e.labels)} at t=${w.t}, but it was at t=${g.t} (${formatPoints(s)})`;
      if (!almostEqual(w.v, g.v)) {
        return `expected ${formatValue(w.v)} at t=${w.t} for ${formatLabels(e.labels)} but got ${formatValue(g.v)} (${formatPoints(s)})`;
      }
    }
  }
  for (const [key, e] of want) if (!seen.has(key)) return `expected series ${formatLabels(e.labels)} not found`;
  return null;
}

function byLabels(expected: readonly ExpectedSeries[]): Map<string, ExpectedSeries> {
  return new Map(expected.map((e) => [labelsKey(e.labels), e]));
}

// Prometheus reads `_` as 0 and `stale` as its NaN where a single value is expected.
function expectedFloat(v: SequenceValue | undefined): number {
  if (v === undefined || v.kind === 'omitted') return 0;
  if (v.kind === 'stale') return Number.NaN;
  return v.kind === 'float' ? v.value : Number.NaN;
}

/** Renders labels as scripts write them: `{__name__="up", job="api"}`. */
export function formatLabels(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}

/** Renders a value as Go prints floats in the scripts: NaN, +Inf, -Inf, or the number. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatPoints(s: MatrixSeries): string {
  const shown = s.points.slice(0, 20).map((p) => `${formatValue(p.v)}@${p.t}`);
  if (s.points.length > 20) shown.push(`... (${s.points.length} points)`);
  return `points [${shown.join(' ')}]`;
}

/** Renders an answer in the scripts' notation, one line per series, for failure reports. */
export function describeResult(r: QueryResult): string[] {
  switch (r.kind) {
    case 'scalar':
      return [`scalar ${formatValue(r.value)}`];
    case 'string':
      return [`string ${JSON.stringify(r.value)}`];
    case 'vector':
      return r.samples.length === 0
        ? ['(empty vector)']
        : r.samples.map((s) => `${formatLabels(s.labels)} ${formatValue(s.value)}`);
    case 'matrix':
      return r.series.length === 0
        ? ['(empty matrix)']
        : r.series.map((s) => `${formatLabels(s.labels)} ${formatPoints(s)}`);
  }
}
