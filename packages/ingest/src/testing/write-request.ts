// A remote_write 1.0 WriteRequest encoder for tests: unlike tools/prometheus-peer/remote-write.ts
// it keeps labels in the order given (duplicates too) and can add the fields 1.0 receivers ignore
// (exemplars, histograms, metadata), so the decoder's checks can be driven with bad requests.

/** One series as a test writes it: label pairs in wire order and [timestamp ms, value] samples. */
export interface TestSeries {
  readonly labels: readonly (readonly [string, string])[];
  readonly samples?: readonly (readonly [number, number])[];
  /** Exemplars to add (each with one label and a sample), which 1.0 receivers may ignore. */
  readonly exemplars?: number;
  /** Native histograms to add (a timestamp and a count each). */
  readonly histograms?: number;
}

const encoder = new TextEncoder();

/** A growable byte buffer with the few protobuf writes the encoder needs. */
class Writer {
  private buf = new Uint8Array(256);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  varint(v: bigint | number): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.byte(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.byte(Number(x));
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.bytes(b);
  }

  /** Field `field` as a length-delimited message written by `body`. */
  message(field: number, body: (w: Writer) => void): void {
    const inner = new Writer();
    body(inner);
    const b = inner.done();
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.bytes(b);
  }

  string(field: number, s: string): void {
    const b = encoder.encode(s);
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.bytes(b);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Encodes a WriteRequest of `series` (and `metadata` MetricMetadata entries) as protobuf bytes. */
export function encodeTestWriteRequest(series: readonly TestSeries[], metadata = 0): Uint8Array {
  const w = new Writer();
  for (const s of series) {
    w.message(1, (ts) => {
      for (const [name, value] of s.labels) {
        ts.message(1, (l) => {
          l.string(1, name);
          l.string(2, value);
        });
      }
      for (const [t, v] of s.samples ?? []) {
        ts.message(2, (m) => {
          m.byte(0x09);
          m.double(v);
          m.byte(0x10);
          m.varint(t);
        });
      }
      for (let i = 0; i < (s.exemplars ?? 0); i++) {
        ts.message(3, (e) => {
          e.message(1, (l) => {
            l.string(1, 'trace_id');
            l.string(2, `t${i}`);
          });
          e.byte(0x11);
          e.double(i);
          e.byte(0x18);
          e.varint(1_700_000_000_000 + i);
        });
      }
      for (let i = 0; i < (s.histograms ?? 0); i++) {
        ts.message(4, (h) => {
          h.byte(0x08); // count_int
          h.varint(i + 1);
          h.byte(0x78); // timestamp = 15
          h.varint(1_700_000_000_000 + i);
        });
      }
    });
  }
  for (let i = 0; i < metadata; i++) {
    w.message(3, (m) => {
      m.byte(0x08);
      m.varint(1);
      m.string(2, `family_${i}`);
      m.string(4, 'help text');
    });
  }
  return w.done();
}
