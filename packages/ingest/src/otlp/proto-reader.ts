// The protobuf wire format, read by hand: OTLP's messages need five wire types and no reflection,
// and a generated decoder would bring a runtime dependency into ingest for ~150 lines of reading.
import { BadDataError } from '@saba/model';

/** Wire types of the protobuf encoding. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

const TEXT = new TextDecoder('utf-8', { fatal: true });

/**
 * A cursor over one protobuf message (or a sub-message's bytes). Every read checks the bounds;
 * malformed input is a BadDataError, never an out-of-range read.
 */
export class ProtoReader {
  private pos: number;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Whether the message has more fields. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** The next field's tag: its number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw malformed('field number 0');
    return { field, wire: t % 8 };
  }

  /** A varint as a number: exact up to 2^53 (counts, enums, lengths, flags). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed('truncated varint');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** A varint as a signed 64-bit integer (int64 in two's complement). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed('truncated varint');
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** A zigzag-encoded varint (sint32). */
  sint32(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** A fixed64 as an unsigned integer. */
  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** An sfixed64 as a signed integer. */
  sfixed64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A fixed64 read as a number (a count: exact up to 2^53, rounded beyond). */
  fixed64Number(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi * 4294967296 + lo;
  }

  /** A double. */
  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field as a reader over its bytes (a sub-message). */
  message(): ProtoReader {
    const n = this.length();
    const r = new ProtoReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** A string field (UTF-8; invalid UTF-8 is refused, as proto3 requires). */
  string(): string {
    try {
      return TEXT.decode(this.bytes());
    } catch {
      throw malformed('a string field is not valid UTF-8');
    }
  }

  /** Calls `each` for every element of a packed (or a single unpacked) repeated scalar field. */
  repeated(wire: number, elementWire: number, each: (r: ProtoReader) => void): void {
    if (wire === elementWire) {
      each(this);
      return;
    }
    if (wire !== WIRE.bytes) throw malformed(`wire type ${wire} for a repeated field`);
    const r = this.message();
    while (r.more()) each(r);
  }

  /** Skips a field of wire type `wire` (unknown fields are ignored, as proto3 requires). */
  skip(wire: number): void {
    switch (wire) {
      case WIRE.varint:
        this.varint();
        return;
      case WIRE.fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE.bytes: {
        // Not `this.pos += this.length()`: that adds to pos as it was before the length was read.
        const n = this.length();
        this.pos += n;
        return;
      }
      case WIRE.fixed32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw malformed(`unsupported wire type ${wire}`);
    }
  }

  /** Checks that field `field` came with wire type `want`. */
  expect(field: number, wire: number, want: number): void {
    if (wire !== want) throw malformed(`field ${field} has wire type ${wire}, expected ${want}`);
  }

  private length(): number {
    const n = this.varint();
    this.need(n);
    return n;
  }

  private need(n: number): void {
    if (this.end - this.pos < n) throw malformed('truncated message');
  }
}

function malformed(what: string): BadDataError {
  return new BadDataError(`malformed protobuf body: ${what}`);
}
