// Chunk encoding on the realistic host mix: bytes per sample per kind at 120 and 1,440 samples a
// chunk, Prometheus's XOR chunks on the same data for comparison, and encode/decode throughput.
// Run: node --expose-gc --import tsx packages/tsdb/src/chunkenc/chunkenc.bench.ts
import {
  type MixSamples,
  mixSamples,
  mixSeries,
  SERIES_KINDS,
  type SeriesKind,
} from '../../../../tools/datagen/mix.ts';
import { type DecodedChunk, decodeChunk, encodeChunk } from './chunk.ts';
import { prometheusChunkFraming, prometheusXorChunkBytes } from './prometheus-xor-size.ts';
import { type DecodedRollupChunk, encodeRollupChunk } from './rollup.ts';

const SERIES = 200;
const DAYS = 2;
const SAMPLES = DAYS * 1440;
const START = 1_700_000_000_000;

const series = mixSeries(SERIES);
const data: { kind: SeriesKind; s: MixSamples }[] = series.map((x) => ({
  kind: x.kind,
  s: mixSamples(x, START, SAMPLES),
}));

/** CPU time of this process in ms: other work on a shared machine does not count against us. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function sizes(size: number): void {
  const bytes = new Map<string, number>();
  const prom = new Map<string, number>();
  const promFramed = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const { kind, s } of data) {
    for (let off = 0; off < SAMPLES; off += size) {
      const ts = s.ts.subarray(off, off + size);
      const vs = s.vs.subarray(off, off + size);
      const n = ts.length;
      const b = encodeChunk(ts, vs, n).length;
      add(bytes, kind, b);
      add(bytes, 'mix', b);
      if (size === 120) {
        const p = prometheusXorChunkBytes(ts, vs, n);
        add(prom, kind, p);
        add(prom, 'mix', p);
        add(promFramed, kind, p + prometheusChunkFraming(p));
        add(promFramed, 'mix', p + prometheusChunkFraming(p));
      }
    }
  }
  const per = SERIES / 4;
  for (const kind of [...SERIES_KINDS, 'mix']) {
    const samples = (kind === 'mix' ? SERIES : per) * SAMPLES;
    console.log(`chunkenc size ${kind} @${size}: ${((bytes.get(kind) ?? 0) / samples).toFixed(3)} bytes/sample`);
    if (size === 120) {
      const p = (prom.get(kind) ?? 0) / samples;
      const f = (promFramed.get(kind) ?? 0) / samples;
      console.log(
        `prometheus-xor size ${kind} @120: ${p.toFixed(3)} bytes/sample (${f.toFixed(3)} with chunk framing)`,
      );
    }
  }
}

function throughput(size: number): void {
  const chunks: { ts: Float64Array; vs: Float64Array }[] = [];
  for (const { s } of data) {
    for (let off = 0; off + size <= SAMPLES; off += size) {
      chunks.push({ ts: s.ts.subarray(off, off + size), vs: s.vs.subarray(off, off + size) });
    }
  }
  const total = chunks.length * size;
  // Enough rounds for about 0.2 s of work at 15 M samples/s; the best of 3 runs.
  const rounds = Math.max(1, Math.round(3_000_000 / total));
  const encoded: Uint8Array[] = chunks.map((c) => encodeChunk(c.ts, c.vs, size));
  const out: DecodedChunk = { length: 0, ts: new Float64Array(size), vs: new Float64Array(size) };
  let enc = 0;
  let dec = 0;
  for (let run = 0; run < 3; run++) {
    gc();
    let t = cpuMs();
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < chunks.length; i++) encoded[i] = encodeChunk(chunks[i]!.ts, chunks[i]!.vs, size);
    }
    enc = Math.max(enc, (total * rounds) / (cpuMs() - t) / 1000);
    gc();
    t = cpuMs();
    for (let r = 0; r < rounds * 2; r++) for (const b of encoded) decodeChunk(b, out);
    dec = Math.max(dec, (total * rounds * 2) / (cpuMs() - t) / 1000);
  }
  console.log(`chunkenc encode mix @${size}: ${enc.toFixed(1)} M samples/s (CPU time)`);
  console.log(`chunkenc decode mix @${size}: ${dec.toFixed(1)} M samples/s (CPU time)`);
}

/** 5-minute rollups of each day (288 or 289 buckets a chunk), in bytes per bucket. */
function rollupSizes(): void {
  const step = 300_000;
  const bytes = new Map<string, number>();
  let buckets = 0;
  for (const { kind, s } of data) {
    for (let off = 0; off < SAMPLES; off += 1440) {
      const c: DecodedRollupChunk = {
        length: 0,
        ts: new Float64Array(300),
        count: new Float64Array(300),
        sum: new Float64Array(300),
        min: new Float64Array(300),
        max: new Float64Array(300),
        last: new Float64Array(300),
      };
      for (let i = off; i < off + 1440; i++) {
        const b = Math.floor(s.ts[i]! / step) * step;
        const v = s.vs[i]!;
        let j = c.length - 1;
        if (j < 0 || c.ts[j] !== b) {
          j = c.length++;
          c.ts[j] = b;
          c.count[j] = 0;
          c.sum[j] = 0;
          c.min[j] = v;
          c.max[j] = v;
        }
        c.count[j]!++;
        c.sum[j]! += v;
        c.min[j] = Math.min(c.min[j]!, v);
        c.max[j] = Math.max(c.max[j]!, v);
        c.last[j] = v;
      }
      const b = encodeRollupChunk(c).length;
      bytes.set(kind, (bytes.get(kind) ?? 0) + b);
      bytes.set('mix', (bytes.get('mix') ?? 0) + b);
      if (kind === 'counter') buckets += c.length;
    }
  }
  for (const kind of [...SERIES_KINDS, 'mix']) {
    const per = kind === 'mix' ? buckets * 4 : buckets;
    console.log(`chunkenc rollup-5m size ${kind} @1d: ${((bytes.get(kind) ?? 0) / per).toFixed(2)} bytes/bucket`);
  }
}

sizes(120);
sizes(1440);
rollupSizes();
for (const size of [32, 120, 1440]) throughput(size);
