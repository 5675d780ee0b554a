// An OTLP ExportMetricsServiceRequest as both decoders (protobuf and JSON) produce it: only what
// translation reads. Exemplars, descriptions, metadata and dropped counts are not kept.

/** An attribute value: string, bool, int64 (bigint), double, bytes, array, key-value list, or empty (null). */
export type AnyValue = string | boolean | bigint | number | Uint8Array | readonly AnyValue[] | KvList | null;

/** A key-value list attribute value (AnyValue.kvlist_value). */
export interface KvList {
  readonly kvlist: readonly KeyValue[];
}

/** One attribute. */
export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export type Temporality = 0 | 1 | 2 | number;

/** DataPointFlags.NO_RECORDED_VALUE: the point says "no value now" (Prometheus stores a stale marker). */
export const NO_RECORDED_VALUE = 1;

/** What every data point has. */
export interface PointBase {
  readonly attributes: readonly KeyValue[];
  /** time_unix_nano, truncated to milliseconds. */
  readonly timeMs: number;
  readonly flags: number;
}

/** A gauge or sum point (as_int is converted to a double, as Prometheus stores it). */
export interface NumberPoint extends PointBase {
  readonly value: number;
}

/** An explicit-bucket histogram point. */
export interface HistogramPoint extends PointBase {
  readonly count: number;
  readonly sum: number | undefined;
  readonly bucketCounts: readonly number[];
  readonly explicitBounds: readonly number[];
}

/** An exponential histogram point (only count and sum are stored: see docs/otlp.md). */
export interface ExpHistogramPoint extends PointBase {
  readonly count: number;
  readonly sum: number | undefined;
}

/** A summary point. */
export interface SummaryPoint extends PointBase {
  readonly count: number;
  readonly sum: number;
  readonly quantiles: readonly { readonly quantile: number; readonly value: number }[];
}

/** One metric's data, by type. */
export type MetricData =
  | { readonly type: 'gauge'; readonly points: readonly NumberPoint[] }
  | {
      readonly type: 'sum';
      readonly points: readonly NumberPoint[];
      readonly temporality: Temporality;
      readonly monotonic: boolean;
    }
  | { readonly type: 'histogram'; readonly points: readonly HistogramPoint[]; readonly temporality: Temporality }
  | {
      readonly type: 'exponential_histogram';
      readonly points: readonly ExpHistogramPoint[];
      readonly temporality: Temporality;
    }
  | { readonly type: 'summary'; readonly points: readonly SummaryPoint[] };

/** One metric. `data` is undefined when the sender set none of the oneof. */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly data: MetricData | undefined;
}

/** An instrumentation scope with its metrics. */
export interface ScopeMetrics {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly KeyValue[];
  readonly schemaUrl: string;
  readonly metrics: readonly Metric[];
}

/** A resource with its scopes. */
export interface ResourceMetrics {
  readonly attributes: readonly KeyValue[];
  readonly scopes: readonly ScopeMetrics[];
}

/** A decoded ExportMetricsServiceRequest. */
export interface MetricsRequest {
  readonly resources: readonly ResourceMetrics[];
}
