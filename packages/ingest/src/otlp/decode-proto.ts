// ExportMetricsServiceRequest in the protobuf encoding -> MetricsRequest. Field numbers are those
// of opentelemetry-proto v1.11 (collector/metrics/v1, metrics/v1, common/v1, resource/v1).
import { BadDataError } from '@saba/model';
import { ProtoReader, WIRE } from './proto-reader.ts';
import type {
  AnyValue,
  ExpHistogramPoint,
  HistogramPoint,
  KeyValue,
  Metric,
  MetricData,
  MetricsRequest,
  NumberPoint,
  ResourceMetrics,
  ScopeMetrics,
  SummaryPoint,
} from './request.ts';

/** AnyValue nests through arrays and kvlists; deeper than this is refused rather than recursed into. */
const MAX_DEPTH = 32;

/** Decodes a protobuf ExportMetricsServiceRequest; malformed bytes are a BadDataError. */
export function decodeProtoRequest(body: Uint8Array): MetricsRequest {
  const r = new ProtoReader(body);
  const resources: ResourceMetrics[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) resources.push(resourceMetrics(r.message()));
    else r.skip(wire);
  }
  return { resources };
}

function resourceMetrics(r: ProtoReader): ResourceMetrics {
  let attributes: KeyValue[] = [];
  const scopes: ScopeMetrics[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) attributes = resource(r.message());
    else if (field === 2 && wire === WIRE.bytes) scopes.push(scopeMetrics(r.message()));
    else r.skip(wire);
  }
  return { attributes, scopes };
}

function resource(r: ProtoReader): KeyValue[] {
  const attributes: KeyValue[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) attributes.push(keyValue(r.message(), 0));
    else r.skip(wire);
  }
  return attributes;
}

function scopeMetrics(r: ProtoReader): ScopeMetrics {
  let name = '';
  let version = '';
  let attributes: KeyValue[] = [];
  let schemaUrl = '';
  const metrics: Metric[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) {
      const s = r.message();
      attributes = [];
      while (s.more()) {
        const t = s.tag();
        if (t.field === 1 && t.wire === WIRE.bytes) name = s.string();
        else if (t.field === 2 && t.wire === WIRE.bytes) version = s.string();
        else if (t.field === 3 && t.wire === WIRE.bytes) attributes.push(keyValue(s.message(), 0));
        else s.skip(t.wire);
      }
    } else if (field === 2 && wire === WIRE.bytes) metrics.push(metric(r.message()));
    else if (field === 3 && wire === WIRE.bytes) schemaUrl = r.string();
    else r.skip(wire);
  }
  return { name, version, attributes, schemaUrl, metrics };
}

function metric(r: ProtoReader): Metric {
  let name = '';
  let unit = '';
  let data: MetricData | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (wire !== WIRE.bytes) {
      r.skip(wire);
      continue;
    }
    switch (field) {
      case 1:
        name = r.string();
        break;
      case 3:
        unit = r.string();
        break;
      case 5:
        data = { type: 'gauge', points: numberPoints(r.message()).points };
        break;
      case 7: {
        const d = numberPoints(r.message());
        data = { type: 'sum', points: d.points, temporality: d.temporality, monotonic: d.monotonic };
        break;
      }
      case 9: {
        const d = collection(r.message(), histogramPoint);
        data = { type: 'histogram', points: d.points, temporality: d.temporality };
        break;
      }
      case 10: {
        const d = collection(r.message(), expHistogramPoint);
        data = { type: 'exponential_histogram', points: d.points, temporality: d.temporality };
        break;
      }
      case 11:
        data = { type: 'summary', points: collection(r.message(), summaryPoint).points };
        break;
      default:
        r.skip(wire);
    }
  }
  return { name, unit, data };
}

/** Gauge, Sum, Histogram, ExponentialHistogram and Summary share their layout: points = 1, temporality = 2, monotonic = 3. */
function collection<P>(
  r: ProtoReader,
  point: (r: ProtoReader) => P,
): { points: P[]; temporality: number; monotonic: boolean } {
  const points: P[] = [];
  let temporality = 0;
  let monotonic = false;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) points.push(point(r.message()));
    else if (field === 2 && wire === WIRE.varint) temporality = r.varint();
    else if (field === 3 && wire === WIRE.varint) monotonic = r.varint() !== 0;
    else r.skip(wire);
  }
  return { points, temporality, monotonic };
}

function numberPoints(r: ProtoReader) {
  return collection(r, numberPoint);
}

function numberPoint(r: ProtoReader): NumberPoint {
  const attributes: KeyValue[] = [];
  let timeMs = 0;
  let value = 0;
  let flags = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 7 && wire === WIRE.bytes) attributes.push(keyValue(r.message(), 0));
    else if (field === 3 && wire === WIRE.fixed64) timeMs = nanosToMs(r.fixed64());
    else if (field === 4 && wire === WIRE.fixed64) value = r.double();
    else if (field === 6 && wire === WIRE.fixed64) value = Number(r.sfixed64());
    else if (field === 8 && wire === WIRE.varint) flags = r.varint();
    else r.skip(wire);
  }
  return { attributes, timeMs, value, flags };
}

function histogramPoint(r: ProtoReader): HistogramPoint {
  const attributes: KeyValue[] = [];
  let timeMs = 0;
  let count = 0;
  let sum: number | undefined;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  let flags = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 9 && wire === WIRE.bytes) attributes.push(keyValue(r.message(), 0));
    else if (field === 3 && wire === WIRE.fixed64) timeMs = nanosToMs(r.fixed64());
    else if (field === 4 && wire === WIRE.fixed64) count = r.fixed64Number();
    else if (field === 5 && wire === WIRE.fixed64) sum = r.double();
    else if (field === 6) r.repeated(wire, WIRE.fixed64, (s) => bucketCounts.push(s.fixed64Number()));
    else if (field === 7) r.repeated(wire, WIRE.fixed64, (s) => explicitBounds.push(s.double()));
    else if (field === 10 && wire === WIRE.varint) flags = r.varint();
    else r.skip(wire);
  }
  return { attributes, timeMs, count, sum, bucketCounts, explicitBounds, flags };
}

function expHistogramPoint(r: ProtoReader): ExpHistogramPoint {
  const attributes: KeyValue[] = [];
  let timeMs = 0;
  let count = 0;
  let sum: number | undefined;
  let flags = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) attributes.push(keyValue(r.message(), 0));
    else if (field === 3 && wire === WIRE.fixed64) timeMs = nanosToMs(r.fixed64());
    else if (field === 4 && wire === WIRE.fixed64) count = r.fixed64Number();
    else if (field === 5 && wire === WIRE.fixed64) sum = r.double();
    else if (field === 10 && wire === WIRE.varint) flags = r.varint();
    else r.skip(wire);
  }
  return { attributes, timeMs, count, sum, flags };
}

function summaryPoint(r: ProtoReader): SummaryPoint {
  const attributes: KeyValue[] = [];
  let timeMs = 0;
  let count = 0;
  let sum = 0;
  const quantiles: { quantile: number; value: number }[] = [];
  let flags = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 7 && wire === WIRE.bytes) attributes.push(keyValue(r.message(), 0));
    else if (field === 3 && wire === WIRE.fixed64) timeMs = nanosToMs(r.fixed64());
    else if (field === 4 && wire === WIRE.fixed64) count = r.fixed64Number();
    else if (field === 5 && wire === WIRE.fixed64) sum = r.double();
    else if (field === 6 && wire === WIRE.bytes) {
      const q = r.message();
      let quantile = 0;
      let value = 0;
      while (q.more()) {
        const t = q.tag();
        if (t.field === 1 && t.wire === WIRE.fixed64) quantile = q.double();
        else if (t.field === 2 && t.wire === WIRE.fixed64) value = q.double();
        else q.skip(t.wire);
      }
      quantiles.push({ quantile, value });
    } else if (field === 8 && wire === WIRE.varint) flags = r.varint();
    else r.skip(wire);
  }
  return { attributes, timeMs, count, sum, quantiles, flags };
}

function keyValue(r: ProtoReader, depth: number): KeyValue {
  let key = '';
  let value: AnyValue = null;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) key = r.string();
    else if (field === 2 && wire === WIRE.bytes) value = anyValue(r.message(), depth + 1);
    else r.skip(wire);
  }
  return { key, value };
}

function anyValue(r: ProtoReader, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new BadDataError(`attribute values nest deeper than ${MAX_DEPTH} levels`);
  let value: AnyValue = null;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.bytes) value = r.string();
    else if (field === 2 && wire === WIRE.varint) value = r.varint() !== 0;
    else if (field === 3 && wire === WIRE.varint) value = r.int64();
    else if (field === 4 && wire === WIRE.fixed64) value = r.double();
    else if (field === 5 && wire === WIRE.bytes) {
      const a = r.message();
      const values: AnyValue[] = [];
      while (a.more()) {
        const t = a.tag();
        if (t.field === 1 && t.wire === WIRE.bytes) values.push(anyValue(a.message(), depth + 1));
        else a.skip(t.wire);
      }
      value = values;
    } else if (field === 6 && wire === WIRE.bytes) {
      const l = r.message();
      const kvlist: KeyValue[] = [];
      while (l.more()) {
        const t = l.tag();
        if (t.field === 1 && t.wire === WIRE.bytes) kvlist.push(keyValue(l.message(), depth + 1));
        else l.skip(t.wire);
      }
      value = { kvlist };
    } else if (field === 7 && wire === WIRE.bytes) value = r.bytes();
    else r.skip(wire);
  }
  return value;
}

/** Nanoseconds since the epoch to whole milliseconds (truncated, as Prometheus converts them). */
export function nanosToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}
