// Prometheus remote_write 1.0 requests -> storage appends: snappy, then the WriteRequest, then
// every series checked and appended, one commit per request. A series found invalid rolls the
// whole request back: the spec answers it with a 400, which senders do not retry, and a request
// either stored or not is simpler to reason about than Prometheus's own receiver, which stores
// the other series and answers 204 for an invalid name (2.42; it answers 500 for a duplicate).
import { BadDataError, type OrgId, type UnixMs } from '@saba/model';
import type { AppendResult, Storage } from '@saba/storage';
import { RefCache } from '../ref-cache.ts';
import { type DecodedSeries, decodeWriteRequest } from './decode-write-request.ts';
import { seriesLabels } from './series-labels.ts';
import { snappyDecode } from './snappy.ts';

/** How a RemoteWriteIngest is set up; every field has a default. */
export interface RemoteWriteIngestOptions {
  /** Most bytes a request may decompress to (default DEFAULT_MAX_DECODED_BYTES). */
  readonly maxDecodedBytes?: number;
  /** Most series refs remembered, over all organizations (default 1,000,000, as for Mackerel posts). */
  readonly refCacheEntries?: number;
}

/**
 * Prometheus sends at most `max_samples_per_send` samples a request (2,000 by default), mostly
 * one per series; a series with 10 labels is ~300 bytes of protobuf, so a request is ~0.6 MB.
 * 32 MiB leaves room for long label sets (16 KB a series) while bounding the memory one request
 * can take.
 */
export const DEFAULT_MAX_DECODED_BYTES = 32 << 20;

/** What a request stored, and what it carried that was not stored. */
export interface RemoteWriteResult extends AppendResult {
  readonly series: number;
  readonly samples: number;
  /** Samples whose value was Prometheus's staleness marker (stored as the NaN it is). */
  readonly staleMarkers: number;
  /** Fields that 1.0 receivers may ignore, counted: exemplars, native histograms, metadata entries. */
  readonly exemplars: number;
  readonly histograms: number;
  readonly metadata: number;
}

/**
 * The bits of Prometheus's staleness marker, a signalling NaN: 0x7ff0000000000002. V8 may quiet
 * it on the way (0x7ff8000000000002, seen when a marker passes through a boxed number), so the
 * quiet bit is ignored when matching: the payload 2 is what marks it.
 */
const STALE_HIGH = 0x7ff00000;
const QUIET_BIT = 0x00080000;
const STALE_LOW = 0x00000002;

/** Stores remote_write requests as labelled series, appending by cached ref where it can. */
export class RemoteWriteIngest {
  private readonly maxDecodedBytes: number;
  private readonly refs: RefCache;

  constructor(
    private readonly storage: Storage,
    options: RemoteWriteIngestOptions = {},
  ) {
    this.maxDecodedBytes = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
    this.refs = new RefCache(options.refCacheEntries ?? 1_000_000);
  }

  /**
   * Stores one request body (a snappy-compressed WriteRequest) for organization `org`. Throws
   * BadDataError for corrupt snappy or protobuf or an invalid series (naming it), TooLargeError
   * past the decoded size bound, storing nothing; storage errors pass through.
   */
  async write(org: OrgId, body: Uint8Array): Promise<RemoteWriteResult> {
    const req = decodeWriteRequest(snappyDecode(body, this.maxDecodedBytes));
    // Timestamps are whole milliseconds already (int64 varints read as safe integers): no conversion.
    const { bytes, series, ts, vs } = req;
    // Series are found by their Label fields' bytes as sent: a sender encodes the same series
    // the same way every time, so a known series costs one latin1 string and one map lookup,
    // and only new ones are decoded to strings and checked.
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const refs = this.refs.refsOf(`p${org.length}:${org}`);
    const app = this.storage.appender(org);
    let stale = 0;
    try {
      for (let i = 0; i < series.length; i++) {
        const s = series[i] as DecodedSeries;
        const key = labelKey(raw, s.labelRanges);
        let ref = refs.get(key);
        let k = s.from;
        if (ref !== undefined && k < s.to) {
          try {
            app.appendRef(ref, ts[k] as UnixMs, vs[k] as number);
            k++;
          } catch (err) {
            // Its series was deleted since: find it by labels again.
            if (!(err instanceof BadDataError)) throw err;
            ref = undefined;
          }
        }
        if (ref === undefined) {
          const labels = seriesLabels(bytes, s.labelRanges, i);
          if (k === s.to) continue;
          ref = app.append(labels, ts[k] as UnixMs, vs[k] as number);
          this.refs.set(refs, key, ref);
          k++;
        }
        for (; k < s.to; k++) app.appendRef(ref, ts[k] as UnixMs, vs[k] as number);
      }
      for (let k = 0; k < req.samples; k++) if (isStale(vs[k] as number)) stale++;
    } catch (err) {
      app.rollback();
      throw err;
    }
    this.refs.trim();
    const stored = await app.commit();
    return {
      ...stored,
      series: series.length,
      samples: req.samples,
      staleMarkers: stale,
      exemplars: req.exemplars,
      histograms: req.histograms,
      metadata: req.metadata,
    };
  }

  /** Series refs cached, over all organizations (for `/metrics`). */
  cachedRefs(): number {
    return this.refs.size;
  }
}

/** The bytes of a series' Label fields as one latin1 string: an exact, cheap identity of what was sent. */
function labelKey(raw: Buffer, ranges: readonly number[]): string {
  if (ranges.length === 0) return '';
  const start = ranges[0] as number;
  const end = ranges[ranges.length - 1] as number;
  // Labels come first and together from every known sender: then one slice covers them all.
  if (end - start === spanOf(ranges)) return raw.toString('latin1', start, end);
  let key = '';
  for (let i = 0; i < ranges.length; i += 2) key += raw.toString('latin1', ranges[i], ranges[i + 1]);
  return key;
}

/** The bytes the ranges cover, added up (equal to end − start exactly when they are contiguous). */
function spanOf(ranges: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < ranges.length; i += 2) n += (ranges[i + 1] as number) - (ranges[i] as number);
  return n;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Whether `v` is the staleness marker (little-endian hosts: word 1 is the high half). */
function isStale(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  f64[0] = v;
  return ((u32[1] as number) & ~QUIET_BIT) === STALE_HIGH && u32[0] === STALE_LOW;
}
