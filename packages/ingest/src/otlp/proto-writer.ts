// The protobuf wire format, written: what OTLP's responses need, and what tests build requests with.

/** Appends protobuf fields to a growing byte list. */
export class ProtoWriter {
  private readonly out: number[] = [];

  /** A varint field (uint32, int32 >= 0, bool, enum). */
  varint(field: number, v: number | bigint): this {
    this.tag(field, 0);
    this.rawVarint(BigInt.asUintN(64, BigInt(v)));
    return this;
  }

  /** A zigzag sint32 field. */
  sint32(field: number, v: number): this {
    return this.varint(field, v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** A fixed64 field (unsigned). */
  fixed64(field: number, v: number | bigint): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true);
    this.out.push(...b);
    return this;
  }

  /** A double field. */
  double(field: number, v: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.out.push(...b);
    return this;
  }

  /** A length-delimited field of raw bytes. */
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(BigInt(b.length));
    for (const x of b) this.out.push(x);
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A sub-message field. */
  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt(field * 8 + wire));
  }

  private rawVarint(v: bigint): void {
    let x = v;
    while (x >= 0x80n) {
      this.out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.out.push(Number(x));
  }
}
