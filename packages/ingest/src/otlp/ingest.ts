// OTLP/HTTP metric exports -> storage appends: decompress, decode (protobuf or JSON), translate
// to labelled samples, and store them in one commit with refs cached between exports.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { BadDataError, labelsKey, type OrgId, type SeriesRef, TooLargeError, type UnixMs } from '@saba/model';
import type { Appender, Storage } from '@saba/storage';
import { RefCache } from '../ref-cache.ts';
import { decodeJsonRequest } from './decode-json.ts';
import { decodeProtoRequest } from './decode-proto.ts';
import type { OtlpEncoding } from './response.ts';
import { translate } from './translate.ts';

const gunzipAsync = promisify(gunzip);

/** How an OtlpIngest is set up; every field has a default. */
export interface OtlpIngestOptions {
  /**
   * Largest body after gzip is undone (default 64 MiB). The Collector's batches are ~8,192 points,
   * a few MB of protobuf; the cap keeps a small gzip bomb from taking the process's memory.
   */
  readonly maxDecompressedBytes?: number;
  /** Most samples one export may make; more is a LimitError (default 200,000: ~8,000 histogram points of 20 buckets). */
  readonly maxSamples?: number;
  /** Most series refs remembered over all organizations (default 1,000,000, as Mackerel ingest's). */
  readonly refCacheEntries?: number;
}

/** What an export stored and what it refused (for the OTLP partial-success answer). */
export interface OtlpResult {
  readonly accepted: number;
  /** Data points refused, plus samples outside the accepted time window. */
  readonly rejected: number;
  /** Why, in a few words ("" when nothing was refused). */
  readonly message: string;
}

/** Default of OtlpIngestOptions.maxDecompressedBytes. */
export const DEFAULT_OTLP_MAX_DECOMPRESSED = 64 << 20;

/**
 * The largest export as sent, over HTTP (the body) and gRPC (the message): the Collector's default
 * batch (8,192 points) is a few MB of protobuf before gzip. The decompressed size has its own cap.
 */
export const MAX_OTLP_SENT_BYTES = 16 << 20;

/** Stores OTLP metric exports as labelled series (decision 0013, docs/otlp.md). */
export class OtlpIngest {
  private readonly maxDecompressed: number;
  private readonly maxSamples: number;
  private readonly refs: RefCache;

  constructor(
    private readonly storage: Storage,
    options: OtlpIngestOptions = {},
  ) {
    this.maxDecompressed = options.maxDecompressedBytes ?? DEFAULT_OTLP_MAX_DECOMPRESSED;
    this.maxSamples = options.maxSamples ?? 200_000;
    this.refs = new RefCache(options.refCacheEntries ?? 1_000_000);
  }

  /**
   * Stores one ExportMetricsServiceRequest of organization `org`, given as sent: `encoding` from
   * its Content-Type, `contentEncoding` its Content-Encoding (gzip or none). A malformed body, or
   * an attribute naming the reserved label, is a BadDataError and nothing is stored; points that
   * cannot be translated are left out and counted.
   */
  async post(org: OrgId, body: Uint8Array, encoding: OtlpEncoding, contentEncoding?: string): Promise<OtlpResult> {
    const raw = await this.decompress(body, contentEncoding);
    const req = encoding === 'json' ? decodeJsonRequest(utf8(raw)) : decodeProtoRequest(raw);
    const { samples, rejectedPoints, reasons } = translate(req, this.maxSamples);
    let accepted = 0;
    let outOfWindow = 0;
    if (samples.length > 0) {
      const refs = this.refs.refsOf(`o${org.length}:${org}`);
      const app = this.storage.appender(org);
      try {
        for (const s of samples) {
          const key = labelsKey(s.labels);
          if (!appendByRef(app, refs.get(key), s.t as UnixMs, s.v)) {
            this.refs.set(refs, key, app.append(s.labels, s.t as UnixMs, s.v));
          }
        }
      } catch (err) {
        app.rollback();
        throw err;
      }
      this.refs.trim();
      ({ accepted, outOfWindow } = await app.commit());
    }
    const why = [...reasons];
    if (outOfWindow > 0) why.push(`${outOfWindow} samples lay outside the accepted time window`);
    return { accepted, rejected: rejectedPoints + outOfWindow, message: why.join('; ') };
  }

  /** Series refs cached, over all organizations. */
  cachedRefs(): number {
    return this.refs.size;
  }

  private async decompress(body: Uint8Array, contentEncoding: string | undefined): Promise<Uint8Array> {
    const enc = (contentEncoding ?? '').trim().toLowerCase();
    if (enc === '' || enc === 'identity') {
      if (body.length > this.maxDecompressed) throw tooLarge(this.maxDecompressed);
      return body;
    }
    if (enc !== 'gzip')
      throw new BadDataError(`Content-Encoding ${JSON.stringify(enc)} is not supported (gzip or none)`);
    try {
      return await gunzipAsync(body, { maxOutputLength: this.maxDecompressed });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(this.maxDecompressed);
      throw new BadDataError(`the gzip body cannot be decompressed: ${(err as Error).message}`);
    }
  }
}

function tooLarge(max: number): TooLargeError {
  return new TooLargeError(`the decompressed body is over the limit of ${max} bytes`);
}

function utf8(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

/** Appends by a cached ref; false when there is none or the engine no longer knows it. */
function appendByRef(app: Appender, ref: SeriesRef | undefined, t: UnixMs, v: number): boolean {
  if (ref === undefined) return false;
  try {
    app.appendRef(ref, t, v);
    return true;
  } catch (err) {
    if (err instanceof BadDataError) return false;
    throw err;
  }
}
