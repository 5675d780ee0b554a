// A stand-in for what a PromQL range query over a plain selector does after storage has read
// the samples, so Saba's read time can be compared with Prometheus's query_range honestly:
// evaluate the selector at each step (the newest sample within the 5-minute lookback) and
// encode the result as Prometheus's JSON matrix. Only plain selectors; no functions.
import type { Labels } from '@saba/model';
import type { Samples } from '@saba/storage';

/** Prometheus 2.x's default lookback (--query.lookback-delta). */
export const LOOKBACK_MS = 5 * 60_000;

/** One series of a range query's result: its labels and step points. */
export interface StepSeries {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly length: number;
}

/**
 * Points of `s` at start, start + step, ... ≤ end: at each step t the newest sample with
 * t - lookback ≤ ts ≤ t, as Prometheus 2.42's vectorSelectorSingle (closed at both ends).
 */
export function evalAtSteps(labels: Labels, s: Samples, start: number, end: number, step: number): StepSeries {
  const cap = Math.floor((end - start) / step) + 1;
  const ts = new Float64Array(cap);
  const vs = new Float64Array(cap);
  let n = 0;
  let j = 0;
  for (let t = start; t <= end; t += step) {
    while (j < s.length && (s.ts[j] as number) <= t) j++;
    // j - 1 is the newest sample at or before t.
    if (j === 0 || (s.ts[j - 1] as number) < t - LOOKBACK_MS) continue;
    ts[n] = t;
    vs[n] = s.vs[j - 1] as number;
    n++;
  }
  return { labels, ts, vs, length: n };
}

/**
 * The body of a successful query_range answer, as Prometheus writes it: timestamps in seconds,
 * values as strings (Go's 'f' -1 formatting, which `String` matches for |v| in [1e-7, 1e21)).
 */
export function encodeMatrix(result: readonly StepSeries[]): string {
  const parts: string[] = ['{"status":"success","data":{"resultType":"matrix","result":['];
  for (let i = 0; i < result.length; i++) {
    const r = result[i] as StepSeries;
    if (i > 0) parts.push(',');
    const metric: Record<string, string> = {};
    for (const l of r.labels) metric[l.name] = l.value;
    let values = '';
    for (let k = 0; k < r.length; k++) {
      values += `${k === 0 ? '' : ','}[${(r.ts[k] as number) / 1000},"${formatValue(r.vs[k] as number)}"]`;
    }
    parts.push(`{"metric":${JSON.stringify(metric)},"values":[${values}]}`);
  }
  parts.push(']}}');
  return parts.join('');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
