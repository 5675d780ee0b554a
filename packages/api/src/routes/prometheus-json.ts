// The Prometheus HTTP API's JSON: `{"status":"success","data":...}` with sample values as strings
// formatted as Go's strconv.FormatFloat(v, 'f', -1, 64) and times as float unix seconds; errors as
// `{"status":"error","errorType":...,"error":...}` with Prometheus's status codes.

import type { IncomingHttpHeaders } from 'node:http';
import { LABELED_LABEL, type Labels } from '@saba/model';
import type { PromqlAnnotations, PromqlFailure, PromqlValue } from '../deps.ts';
import type { Reply } from '../http/route.ts';

/** Prometheus's error types, each with the status Prometheus answers it with. */
const STATUS_OF_ERROR_TYPE = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  unavailable: 503,
  not_found: 404,
  internal: 500,
} as const;

/** One of Prometheus's error types. */
export type PrometheusErrorType = keyof typeof STATUS_OF_ERROR_TYPE;

/** A success answer, with the annotations Prometheus adds only when there are some. */
export function success(data: unknown, notes?: PromqlAnnotations): Reply {
  const body: Record<string, unknown> = { status: 'success', data };
  if (notes !== undefined && notes.warnings.length > 0) body.warnings = notes.warnings;
  if (notes !== undefined && notes.infos.length > 0) body.infos = notes.infos;
  return { body };
}

/** An error answer of type `errorType`, with its status. */
export function failure(errorType: PrometheusErrorType, message: string): Reply {
  return { status: STATUS_OF_ERROR_TYPE[errorType], body: { status: 'error', errorType, error: message } };
}

/** A failed query's answer. */
export function queryFailure(f: PromqlFailure): Reply {
  return failure(f.errorType, f.message);
}

/**
 * The listener's errors (authentication, unknown paths, bad parameters thrown as BadDataError) in
 * Prometheus's body. 403 keeps its status: Prometheus has no authentication, so no type fits
 * better than `bad_data` for a refused key.
 */
export function prometheusErrorReply(status: number, message: string, _headers: IncomingHttpHeaders): Reply {
  const errorType: PrometheusErrorType =
    status === 404 ? 'not_found' : status >= 500 ? (status === 503 ? 'unavailable' : 'internal') : 'bad_data';
  return { status, body: { status: 'error', errorType, error: message } };
}

/** A sample value as Prometheus writes it: no exponent, `NaN`, `+Inf`, `-Inf`. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // Shortest round-trip digits (as Go's -1 precision), moved by the exponent.
  const sign = v < 0 ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A sample's time as Prometheus writes it: float unix seconds. */
function seconds(ms: number): number {
  return ms / 1000;
}

/** A label set as Prometheus's `metric` object, without Saba's labelled-series mark. */
export function labelObject(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) if (l.name !== LABELED_LABEL) out[l.name] = l.value;
  return out;
}

/** A query's `data`: resultType and result, instant values stamped with `atMs`. */
export function queryData(v: PromqlValue, atMs: number): { resultType: string; result: unknown } {
  switch (v.kind) {
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(atMs), formatValue(v.value)] };
    case 'string':
      return { resultType: 'string', result: [seconds(atMs), v.value] };
    case 'vector':
      return {
        resultType: 'vector',
        result: v.samples.map((s) => ({ metric: labelObject(s.labels), value: [seconds(atMs), formatValue(s.value)] })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: v.series.map((s) => ({
          metric: labelObject(s.labels),
          values: s.points.map((p) => [seconds(p.t), formatValue(p.v)]),
        })),
      };
  }
}
