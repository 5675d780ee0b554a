// A hand-written reader of remote_write 1.0's WriteRequest (prompb remote.proto, types.proto):
//   WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
//                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }
// Labels are not turned into strings here: each series keeps the byte ranges of its Label
// fields, so that ingest can find a known series by its raw label bytes and decode (and check)
// the labels of new series only. Exemplars, histograms and metadata are skipped and counted.
import { BadDataError } from '@saba/model';

/** One TimeSeries: where its Label fields lie and which samples of the request are its. */
export interface DecodedSeries {
  /** Start and end offsets of each Label field (tag and length included), in wire order. */
  readonly labelRanges: readonly number[];
  /** Its samples are `ts[from..to)`, `vs[from..to)` of the request. */
  readonly from: number;
  readonly to: number;
}

/** A decoded WriteRequest: its series, all samples in one pair of arrays, and what was skipped. */
export interface DecodedWriteRequest {
  readonly bytes: Uint8Array;
  readonly series: readonly DecodedSeries[];
  /** Timestamps (ms since the epoch, whole numbers) of every sample; read the first `samples` entries. */
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly samples: number;
  readonly exemplars: number;
  readonly histograms: number;
  readonly metadata: number;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** A reader over protobuf bytes; every read checks its bounds and throws BadDataError past them. */
class Reader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    /** Where the message being read ends; narrowed while a nested one is read. */
    public end: number,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * An unsigned varint as a number. Up to 7 bytes (49 bits) stay exact in plain arithmetic,
   * which covers tags, lengths and millisecond timestamps until the year 19,800; longer ones
   * (negative int64s take 10 bytes) go through BigInt, which reads them as int64: the only
   * field that can be that long is Sample.timestamp.
   */
  varint(): number {
    const b = this.bytes;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw truncated();
      const c = b[this.pos++] as number;
      result += (c & 0x7f) * scale;
      if (c < 0x80) return result;
      scale *= 128;
    }
    return this.longVarint(BigInt(result));
  }

  private longVarint(low: bigint): number {
    let result = low;
    let shift = 49n;
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.end) throw truncated();
      const c = this.bytes[this.pos++] as number;
      result |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) {
        const v = Number(BigInt.asIntN(64, result));
        if (!Number.isSafeInteger(v))
          throw new BadDataError(`protobuf: the integer ${BigInt.asIntN(64, result)} is out of range`);
        return v;
      }
      shift += 7n;
    }
    throw new BadDataError('protobuf: a varint is longer than 10 bytes');
  }

  double(): number {
    if (this.pos + 8 > this.end) throw truncated();
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The end offset of a length-delimited field whose length is next. */
  delimited(): number {
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.end) throw truncated();
    return end;
  }

  /** Skips a field of wire type `wire` (its tag already read). */
  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_BYTES:
        this.pos = this.delimited();
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new BadDataError(`protobuf: unsupported wire type ${wire}`);
    }
    if (this.pos > this.end) throw truncated();
  }
}

function truncated(): BadDataError {
  return new BadDataError('protobuf: unexpected end of message');
}

/** Growable sample arrays: a request's sample count is known only once it is read. */
class SampleBuffer {
  ts = new Float64Array(1024);
  vs = new Float64Array(1024);
  n = 0;

  push(t: number, v: number): void {
    if (this.n === this.ts.length) {
      const ts = new Float64Array(this.n * 2);
      const vs = new Float64Array(this.n * 2);
      ts.set(this.ts);
      vs.set(this.vs);
      this.ts = ts;
      this.vs = vs;
    }
    this.ts[this.n] = t;
    this.vs[this.n] = v;
    this.n++;
  }
}

/** Decodes a WriteRequest's bytes; throws BadDataError (naming the problem) for malformed protobuf. */
export function decodeWriteRequest(bytes: Uint8Array): DecodedWriteRequest {
  const r = new Reader(bytes, 0, bytes.length);
  const series: DecodedSeries[] = [];
  const samples = new SampleBuffer();
  let exemplars = 0;
  let histograms = 0;
  let metadata = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_BYTES) {
      const end = r.delimited();
      const labelRanges: number[] = [];
      const from = samples.n;
      while (r.pos < end) {
        const start = r.pos;
        const t = r.varint();
        const f = Math.floor(t / 8);
        const w = t & 7;
        if (f === 1 && w === WIRE_BYTES) {
          r.pos = r.delimited();
          labelRanges.push(start, r.pos);
        } else if (f === 2 && w === WIRE_BYTES) {
          readSample(r, r.delimited(), samples);
        } else {
          if (f === 3) exemplars++;
          else if (f === 4) histograms++;
          else if (f === 0) throw new BadDataError('protobuf: field number 0 in a TimeSeries');
          r.skip(w);
        }
      }
      if (r.pos !== end) throw truncated();
      series.push({ labelRanges, from, to: samples.n });
    } else {
      if (field === 3) metadata++;
      else if (field === 0) throw new BadDataError('protobuf: field number 0 in the WriteRequest');
      r.skip(wire);
    }
  }
  return {
    bytes,
    series,
    ts: samples.ts,
    vs: samples.vs,
    samples: samples.n,
    exemplars,
    histograms,
    metadata,
  };
}

/** Reads one Sample ending at `end`; absent fields are 0, as in proto3. */
function readSample(r: Reader, end: number, out: SampleBuffer): void {
  let t = 0;
  let v = 0;
  const outer = r.end;
  r.end = end;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x09) v = r.double();
    else if (tag === 0x10) t = r.varint();
    else if (tag >>> 3 === 0) throw new BadDataError('protobuf: field number 0 in a Sample');
    else r.skip(tag & 7);
  }
  r.end = outer;
  out.push(t, v);
}

/** Decodes the Label at `[start, end)` (its tag and length first) into name and value bytes' offsets. */
export function labelField(
  bytes: Uint8Array,
  start: number,
  end: number,
): { nameStart: number; nameEnd: number; valueStart: number; valueEnd: number } {
  const r = new Reader(bytes, start, end);
  r.varint(); // the Label tag, checked by decodeWriteRequest
  const msgEnd = r.delimited();
  let nameStart = 0;
  let nameEnd = 0;
  let valueStart = 0;
  let valueEnd = 0;
  const inner = new Reader(bytes, r.pos, msgEnd);
  while (inner.pos < msgEnd) {
    const tag = inner.varint();
    if (tag === 0x0a) {
      const e = inner.delimited();
      nameStart = inner.pos;
      nameEnd = e;
      inner.pos = e;
    } else if (tag === 0x12) {
      const e = inner.delimited();
      valueStart = inner.pos;
      valueEnd = e;
      inner.pos = e;
    } else if (tag >>> 3 === 0) {
      throw new BadDataError('protobuf: field number 0 in a Label');
    } else {
      inner.skip(tag & 7);
    }
  }
  return { nameStart, nameEnd, valueStart, valueEnd };
}
