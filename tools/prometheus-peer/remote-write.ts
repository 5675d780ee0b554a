import { compress } from 'snappyjs';

/** One series to send: labels (metric name under `__name__`) and samples in time order. */
export interface WriteSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Timestamps in ms since the epoch; whole numbers. */
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
  /** Send only samples [from, to) of `ts`/`vs`; all when absent. */
  readonly from?: number;
  readonly to?: number;
}

/** A rejected remote write, with the HTTP status and the receiver's message. */
export class RemoteWriteError extends Error {
  readonly kind = 'remote_write';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`remote write: HTTP ${status}: ${body.trim()}`);
  }
}

const encoder = new TextEncoder();

/**
 * Encodes a remote_write 1.0 `prometheus.WriteRequest` (prompb/remote.proto, types.proto):
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }
 * Sizes are computed first so the message is written once into one buffer. Labels are sorted
 * by name, as the 1.0 spec requires of senders.
 */
export function encodeWriteRequest(series: readonly WriteSeries[]): Uint8Array {
  const prepared = series.map((s) => {
    const labels = Object.entries(s.labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => {
        const name = encoder.encode(k);
        const value = encoder.encode(v);
        return { name, value, size: field(name.length) + field(value.length) };
      });
    const from = s.from ?? 0;
    const to = s.to ?? s.ts.length;
    let size = 0;
    for (const l of labels) size += field(l.size);
    for (let i = from; i < to; i++) size += field(sampleSize(s.ts[i] as number));
    return { labels, from, to, size, s };
  });
  let total = 0;
  for (const p of prepared) total += field(p.size);
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  let pos = 0;
  const varint = (v: number): void => {
    pos = putVarint(buf, pos, v);
  };
  for (const p of prepared) {
    buf[pos++] = 0x0a; // WriteRequest.timeseries, length-delimited
    varint(p.size);
    for (const l of p.labels) {
      buf[pos++] = 0x0a; // TimeSeries.labels
      varint(l.size);
      buf[pos++] = 0x0a; // Label.name
      varint(l.name.length);
      buf.set(l.name, pos);
      pos += l.name.length;
      buf[pos++] = 0x12; // Label.value
      varint(l.value.length);
      buf.set(l.value, pos);
      pos += l.value.length;
    }
    for (let i = p.from; i < p.to; i++) {
      const t = p.s.ts[i] as number;
      buf[pos++] = 0x12; // TimeSeries.samples
      varint(sampleSize(t));
      buf[pos++] = 0x09; // Sample.value, 64-bit
      view.setFloat64(pos, p.s.vs[i] as number, true);
      pos += 8;
      buf[pos++] = 0x10; // Sample.timestamp, varint
      varint(t);
    }
  }
  if (pos !== total) throw new Error(`encoded ${pos} bytes, sized ${total}`);
  return buf;
}

/** Tag byte + length varint + payload of a length-delimited field. */
function field(len: number): number {
  return 1 + varintSize(len) + len;
}

/** A Sample message: value (tag + 8 bytes) and timestamp (tag + varint). */
function sampleSize(t: number): number {
  return 10 + varintSize(t);
}

function varintSize(v: number): number {
  if (v < 0) return 10; // int64 two's complement
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function putVarint(buf: Uint8Array, pos: number, v: number): number {
  if (!Number.isSafeInteger(v)) throw new RangeError(`varint ${v} is not a safe integer`);
  if (v < 0) {
    let b = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 9; i++) {
      buf[pos++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    buf[pos++] = Number(b);
    return pos;
  }
  while (v >= 128) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** The headers of a remote_write 1.0 request: a snappy block-compressed WriteRequest. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/**
 * POSTs `series` to a remote_write 1.0 receiver (`<base>/api/v1/write` for Prometheus with
 * `--web.enable-remote-write-receiver`), snappy block-compressed. Throws RemoteWriteError on
 * any status but 2xx; Prometheus answers 400 to out-of-order or out-of-bounds samples.
 */
export async function remoteWrite(endpoint: string, series: readonly WriteSeries[]): Promise<void> {
  const body = compress(encodeWriteRequest(series));
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: REMOTE_WRITE_HEADERS,
    body,
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new RemoteWriteError(res.status, text);
}
