// Encodes a MetricsRequest as a sender would, in protobuf and in OTLP/JSON, so that the decoders
// are tested on bytes and text built independently of them (field numbers from the .proto files).
import { ProtoWriter } from '../otlp/proto-writer.ts';
import type { AnyValue, KeyValue, Metric, MetricsRequest, PointBase } from '../otlp/request.ts';

/** `ms` as time_unix_nano. */
function nanos(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}

/** 8-byte values back to back: a packed repeated fixed64 or double field's bytes. */
function packed(values: readonly number[], put: (dv: DataView, at: number, v: number) => void): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < values.length; i++) put(dv, i * 8, values[i] as number);
  return b;
}

function anyValueProto(v: AnyValue): ProtoWriter {
  const w = new ProtoWriter();
  if (v === null) return w;
  if (typeof v === 'string') return w.string(1, v);
  if (typeof v === 'boolean') return w.varint(2, v ? 1 : 0);
  if (typeof v === 'bigint') return w.varint(3, v);
  if (typeof v === 'number') return w.double(4, v);
  if (v instanceof Uint8Array) return w.bytes(7, v);
  if (Array.isArray(v)) {
    const a = new ProtoWriter();
    for (const e of v as readonly AnyValue[]) a.message(1, anyValueProto(e));
    return w.message(5, a);
  }
  const l = new ProtoWriter();
  for (const kv of (v as { kvlist: readonly KeyValue[] }).kvlist) l.message(1, keyValueProto(kv));
  return w.message(6, l);
}

function keyValueProto(kv: KeyValue): ProtoWriter {
  return new ProtoWriter().string(1, kv.key).message(2, anyValueProto(kv.value));
}

function pointProto(p: PointBase, attrField: number, flagsField: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const kv of p.attributes) w.message(attrField, keyValueProto(kv));
  w.fixed64(2, nanos(p.timeMs - 60_000)).fixed64(3, nanos(p.timeMs));
  if (p.flags !== 0) w.varint(flagsField, p.flags);
  return w;
}

function metricProto(m: Metric): ProtoWriter {
  const w = new ProtoWriter().string(1, m.name).string(2, `${m.name} (description)`).string(3, m.unit);
  const d = m.data;
  if (d === undefined) return w;
  const c = new ProtoWriter();
  switch (d.type) {
    case 'gauge':
    case 'sum':
      for (const p of d.points) {
        const pw = pointProto(p, 7, 8);
        // Whole values go as as_int (sfixed64), as SDKs send integer instruments.
        if (Number.isInteger(p.value) && !Object.is(p.value, -0)) pw.fixed64(6, BigInt(p.value));
        else pw.double(4, p.value);
        c.message(1, pw);
      }
      if (d.type === 'sum') c.varint(2, d.temporality).varint(3, d.monotonic ? 1 : 0);
      return w.message(d.type === 'gauge' ? 5 : 7, c);
    case 'histogram':
      for (const p of d.points) {
        const pw = pointProto(p, 9, 10).fixed64(4, p.count);
        if (p.sum !== undefined) pw.double(5, p.sum);
        // Packed, as proto3 writes repeated scalars.
        pw.bytes(
          6,
          packed(p.bucketCounts, (dv, at, n) => dv.setBigUint64(at, BigInt(n), true)),
        );
        pw.bytes(
          7,
          packed(p.explicitBounds, (dv, at, x) => dv.setFloat64(at, x, true)),
        );
        c.message(1, pw);
      }
      return w.message(9, c.varint(2, d.temporality));
    case 'exponential_histogram':
      for (const p of d.points) {
        const pw = pointProto(p, 1, 10).fixed64(4, p.count);
        if (p.sum !== undefined) pw.double(5, p.sum);
        pw.sint32(6, 3)
          .fixed64(7, 0)
          .message(8, new ProtoWriter().sint32(1, -2).bytes(2, Uint8Array.of(1, 2)));
        c.message(1, pw);
      }
      return w.message(10, c.varint(2, d.temporality));
    case 'summary':
      for (const p of d.points) {
        const pw = pointProto(p, 7, 8).fixed64(4, p.count).double(5, p.sum);
        for (const q of p.quantiles) pw.message(6, new ProtoWriter().double(1, q.quantile).double(2, q.value));
        c.message(1, pw);
      }
      return w.message(11, c);
  }
}

/** The request as protobuf bytes (with a description and start times the decoder skips). */
export function encodeProto(req: MetricsRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const rm of req.resources) {
    const r = new ProtoWriter();
    const res = new ProtoWriter();
    for (const kv of rm.attributes) res.message(1, keyValueProto(kv));
    r.message(1, res);
    for (const sm of rm.scopes) {
      const s = new ProtoWriter();
      const scope = new ProtoWriter().string(1, sm.name).string(2, sm.version);
      for (const kv of sm.attributes) scope.message(3, keyValueProto(kv));
      s.message(1, scope);
      for (const m of sm.metrics) s.message(2, metricProto(m));
      s.string(3, sm.schemaUrl);
      r.message(2, s);
    }
    w.message(1, r);
  }
  return w.finish();
}

function anyValueJson(v: AnyValue): unknown {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: String(v) };
  if (typeof v === 'number') return { doubleValue: Number.isFinite(v) ? v : String(v) };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: (v as readonly AnyValue[]).map(anyValueJson) } };
  return { kvlistValue: { values: (v as { kvlist: readonly KeyValue[] }).kvlist.map(keyValueJson) } };
}

function keyValueJson(kv: KeyValue): unknown {
  return { key: kv.key, value: anyValueJson(kv.value) };
}

function pointJson(p: PointBase): Record<string, unknown> {
  return {
    attributes: p.attributes.map(keyValueJson),
    startTimeUnixNano: String(nanos(p.timeMs - 60_000)),
    timeUnixNano: String(nanos(p.timeMs)),
    ...(p.flags !== 0 ? { flags: p.flags } : {}),
  };
}

function metricJson(m: Metric): unknown {
  const d = m.data;
  const out: Record<string, unknown> = { name: m.name, unit: m.unit };
  if (d === undefined) return out;
  switch (d.type) {
    case 'gauge':
    case 'sum': {
      const dataPoints = d.points.map((p) => ({
        ...pointJson(p),
        ...(Number.isInteger(p.value) ? { asInt: String(p.value) } : { asDouble: p.value }),
      }));
      if (d.type === 'gauge') out.gauge = { dataPoints };
      else out.sum = { dataPoints, aggregationTemporality: d.temporality, isMonotonic: d.monotonic };
      return out;
    }
    case 'histogram':
      out.histogram = {
        aggregationTemporality: d.temporality,
        dataPoints: d.points.map((p) => ({
          ...pointJson(p),
          count: String(p.count),
          ...(p.sum !== undefined ? { sum: p.sum } : {}),
          bucketCounts: p.bucketCounts.map(String),
          explicitBounds: p.explicitBounds,
        })),
      };
      return out;
    case 'exponential_histogram':
      out.exponentialHistogram = {
        aggregationTemporality: d.temporality,
        dataPoints: d.points.map((p) => ({
          ...pointJson(p),
          count: String(p.count),
          ...(p.sum !== undefined ? { sum: p.sum } : {}),
          scale: 3,
          positive: { offset: -2, bucketCounts: ['1', '2'] },
        })),
      };
      return out;
    case 'summary':
      out.summary = {
        dataPoints: d.points.map((p) => ({
          ...pointJson(p),
          count: String(p.count),
          sum: p.sum,
          quantileValues: p.quantiles,
        })),
      };
      return out;
  }
}

/** The request as OTLP/JSON text (lowerCamelCase keys, int64 as strings, enums as numbers). */
export function encodeJson(req: MetricsRequest): string {
  return JSON.stringify({
    resourceMetrics: req.resources.map((rm) => ({
      resource: { attributes: rm.attributes.map(keyValueJson) },
      scopeMetrics: rm.scopes.map((sm) => ({
        scope: { name: sm.name, version: sm.version, attributes: sm.attributes.map(keyValueJson) },
        metrics: sm.metrics.map(metricJson),
        schemaUrl: sm.schemaUrl,
      })),
    })),
  });
}

/** A request of one gauge point: `name` = `value` at `timeMs`, with `attributes`, from service `job`. */
export function gaugeRequest(
  job: string,
  name: string,
  value: number,
  timeMs: number,
  attributes: Readonly<Record<string, string>> = {},
): MetricsRequest {
  const point = {
    attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: v })),
    timeMs,
    value,
    flags: 0,
  };
  return {
    resources: [
      {
        attributes: [{ key: 'service.name', value: job }],
        scopes: [
          {
            name: '',
            version: '',
            attributes: [],
            schemaUrl: '',
            metrics: [{ name, unit: '', data: { type: 'gauge', points: [point] } }],
          },
        ],
      },
    ],
  };
}
