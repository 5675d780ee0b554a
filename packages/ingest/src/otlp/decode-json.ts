// ExportMetricsServiceRequest in OTLP/JSON -> MetricsRequest. The proto3 JSON mapping as OTLP
// uses it: lowerCamelCase keys (the original snake_case accepted too), 64-bit integers as decimal
// strings or numbers, enums as numbers (names accepted), bytes as base64, doubles as numbers or
// "NaN"/"Infinity"/"-Infinity". Unknown keys are ignored, as the spec requires.
import { BadDataError } from '@saba/model';
import { nanosToMs } from './decode-proto.ts';
import type {
  AnyValue,
  ExpHistogramPoint,
  HistogramPoint,
  KeyValue,
  Metric,
  MetricData,
  MetricsRequest,
  NumberPoint,
  PointBase,
  SummaryPoint,
} from './request.ts';

type Obj = Readonly<Record<string, unknown>>;

const MAX_DEPTH = 32;

const TEMPORALITY: Readonly<Record<string, number>> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/** Decodes an OTLP/JSON body's text; anything that is not such a request is a BadDataError. */
export function decodeJsonRequest(text: string): MetricsRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BadDataError(`request body is not valid JSON: ${(err as Error).message}`);
  }
  const root = obj(doc, 'the request');
  return {
    resources: list(get(root, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics').map((rm) => {
      const res = optObj(get(rm, 'resource'), 'resource');
      return {
        attributes: attributes(res === undefined ? undefined : get(res, 'attributes')),
        scopes: list(get(rm, 'scopeMetrics', 'scope_metrics'), 'scopeMetrics').map((sm) => {
          const scope = optObj(get(sm, 'scope'), 'scope');
          return {
            name: scope === undefined ? '' : str(get(scope, 'name'), 'scope.name'),
            version: scope === undefined ? '' : str(get(scope, 'version'), 'scope.version'),
            attributes: attributes(scope === undefined ? undefined : get(scope, 'attributes')),
            schemaUrl: str(get(sm, 'schemaUrl', 'schema_url'), 'schemaUrl'),
            metrics: list(get(sm, 'metrics'), 'metrics').map(metric),
          };
        }),
      };
    }),
  };
}

function metric(m: Obj): Metric {
  const name = str(get(m, 'name'), 'metric name');
  const unit = str(get(m, 'unit'), 'metric unit');
  let data: MetricData | undefined;
  const gauge = optObj(get(m, 'gauge'), 'gauge');
  const sum = optObj(get(m, 'sum'), 'sum');
  const histogram = optObj(get(m, 'histogram'), 'histogram');
  const exp = optObj(get(m, 'exponentialHistogram', 'exponential_histogram'), 'exponentialHistogram');
  const summary = optObj(get(m, 'summary'), 'summary');
  if (gauge !== undefined) data = { type: 'gauge', points: points(gauge).map(numberPoint) };
  else if (sum !== undefined)
    data = {
      type: 'sum',
      points: points(sum).map(numberPoint),
      temporality: temporality(sum),
      monotonic: get(sum, 'isMonotonic', 'is_monotonic') === true,
    };
  else if (histogram !== undefined)
    data = { type: 'histogram', points: points(histogram).map(histogramPoint), temporality: temporality(histogram) };
  else if (exp !== undefined)
    data = { type: 'exponential_histogram', points: points(exp).map(expPoint), temporality: temporality(exp) };
  else if (summary !== undefined) data = { type: 'summary', points: points(summary).map(summaryPoint) };
  return { name, unit, data };
}

function points(o: Obj): Obj[] {
  return list(get(o, 'dataPoints', 'data_points'), 'dataPoints');
}

function temporality(o: Obj): number {
  const v = get(o, 'aggregationTemporality', 'aggregation_temporality');
  if (typeof v === 'string' && v in TEMPORALITY) return TEMPORALITY[v] as number;
  return v === undefined || v === null ? 0 : int(v, 'aggregationTemporality');
}

function base(p: Obj, attributesKey = 'attributes'): PointBase {
  const t = get(p, 'timeUnixNano', 'time_unix_nano');
  return {
    attributes: attributes(get(p, attributesKey)),
    timeMs: t === undefined || t === null ? 0 : nanosToMs(int64(t, 'timeUnixNano')),
    flags: numberOr(get(p, 'flags'), 0, 'flags'),
  };
}

function numberPoint(p: Obj): NumberPoint {
  const d = get(p, 'asDouble', 'as_double');
  const i = get(p, 'asInt', 'as_int');
  const value =
    d !== undefined && d !== null
      ? double(d, 'asDouble')
      : i !== undefined && i !== null
        ? Number(int64(i, 'asInt'))
        : 0;
  return { ...base(p), value };
}

function histogramPoint(p: Obj): HistogramPoint {
  const sum = get(p, 'sum');
  return {
    ...base(p),
    count: numberOr(get(p, 'count'), 0, 'count'),
    sum: sum === undefined || sum === null ? undefined : double(sum, 'sum'),
    bucketCounts: arr(get(p, 'bucketCounts', 'bucket_counts'), 'bucketCounts').map((c) =>
      Number(int64(c, 'bucketCounts')),
    ),
    explicitBounds: arr(get(p, 'explicitBounds', 'explicit_bounds'), 'explicitBounds').map((b) =>
      double(b, 'explicitBounds'),
    ),
  };
}

function expPoint(p: Obj): ExpHistogramPoint {
  const sum = get(p, 'sum');
  return {
    ...base(p),
    count: numberOr(get(p, 'count'), 0, 'count'),
    sum: sum === undefined || sum === null ? undefined : double(sum, 'sum'),
  };
}

function summaryPoint(p: Obj): SummaryPoint {
  const sum = get(p, 'sum');
  return {
    ...base(p),
    count: numberOr(get(p, 'count'), 0, 'count'),
    sum: sum === undefined || sum === null ? 0 : double(sum, 'sum'),
    quantiles: list(get(p, 'quantileValues', 'quantile_values'), 'quantileValues').map((q) => ({
      quantile: doubleOr(get(q, 'quantile'), 'quantile'),
      value: doubleOr(get(q, 'value'), 'value'),
    })),
  };
}

function attributes(v: unknown, depth = 0): KeyValue[] {
  return list(v, 'attributes').map((kv) => ({
    key: str(get(kv, 'key'), 'attribute key'),
    value: anyValue(get(kv, 'value'), depth + 1),
  }));
}

function anyValue(v: unknown, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new BadDataError(`attribute values nest deeper than ${MAX_DEPTH} levels`);
  if (v === undefined || v === null) return null;
  const o = obj(v, 'an attribute value');
  let x = get(o, 'stringValue', 'string_value');
  if (x !== undefined && x !== null) return str(x, 'stringValue');
  x = get(o, 'boolValue', 'bool_value');
  if (x !== undefined && x !== null) {
    if (typeof x !== 'boolean') throw new BadDataError('boolValue is not a boolean');
    return x;
  }
  x = get(o, 'intValue', 'int_value');
  if (x !== undefined && x !== null) return int64(x, 'intValue');
  x = get(o, 'doubleValue', 'double_value');
  if (x !== undefined && x !== null) return double(x, 'doubleValue');
  x = get(o, 'bytesValue', 'bytes_value');
  if (x !== undefined && x !== null) return new Uint8Array(Buffer.from(str(x, 'bytesValue'), 'base64'));
  x = get(o, 'arrayValue', 'array_value');
  if (x !== undefined && x !== null) {
    const values = get(obj(x, 'arrayValue'), 'values');
    return arr(values, 'arrayValue.values').map((e) => anyValue(e, depth + 1));
  }
  x = get(o, 'kvlistValue', 'kvlist_value');
  if (x !== undefined && x !== null) return { kvlist: attributes(get(obj(x, 'kvlistValue'), 'values'), depth + 1) };
  return null;
}

function get(o: Obj, camel: string, snake?: string): unknown {
  const v = o[camel];
  return v === undefined && snake !== undefined ? o[snake] : v;
}

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadDataError(`${what} is not a JSON object`);
  return v as Obj;
}

function optObj(v: unknown, what: string): Obj | undefined {
  return v === undefined || v === null ? undefined : obj(v, what);
}

function arr(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadDataError(`${what} is not a JSON array`);
  return v;
}

function list(v: unknown, what: string): Obj[] {
  return arr(v, what).map((e) => obj(e, `an element of ${what}`));
}

function str(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new BadDataError(`${what} is not a string`);
  return v;
}

/** A 64-bit integer: a decimal string (the mapping's form) or a JSON number. */
function int64(v: unknown, what: string): bigint {
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new BadDataError(`${what} is not an integer`);
}

function int(v: unknown, what: string): number {
  return Number(int64(v, what));
}

function numberOr(v: unknown, dflt: number, what: string): number {
  return v === undefined || v === null ? dflt : int(v, what);
}

function double(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new BadDataError(`${what} is not a number`);
}

function doubleOr(v: unknown, what: string): number {
  return v === undefined || v === null ? 0 : double(v, what);
}
