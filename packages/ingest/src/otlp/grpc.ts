// OTLP/gRPC's wire pieces, without a socket: the one method's path, gRPC's length-prefixed message
// framing, request compression, the status codes Saba answers, grpc-message's percent-encoding and
// grpc-timeout's format (gRPC's "PROTOCOL-HTTP2" document). The listener that uses them is
// apps/server/src/otlp-grpc.ts.
import { BadDataError, type DurationMs, durationMs, type ErrorKind, SabaError, TooLargeError } from '@saba/model';

/** The one method served: MetricsService.Export (opentelemetry/proto/collector/metrics/v1). */
export const METRICS_EXPORT_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/** The gRPC status codes Saba answers (google.rpc.Code). */
export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** One of GRPC_STATUS's codes. */
export type GrpcCode = (typeof GRPC_STATUS)[keyof typeof GRPC_STATUS];

/** The request compressions understood, as `grpc-accept-encoding` lists them. */
export const GRPC_ACCEPT_ENCODING = 'identity,gzip';

/** A failure of the gRPC protocol itself (unknown method, unsupported codec or compression), with its code. */
export class GrpcError extends Error {
  constructor(
    readonly code: GrpcCode,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

/**
 * Saba's error kinds as gRPC codes, as the OTLP spec asks: the same codes the OTLP/HTTP path puts
 * in its google.rpc.Status, except that a missing or unknown key is UNAUTHENTICATED here (the HTTP
 * path answers 403 as Mackerel does, hence PERMISSION_DENIED there).
 */
const CODE_OF_KIND: Readonly<Record<ErrorKind, GrpcCode>> = {
  bad_data: GRPC_STATUS.INVALID_ARGUMENT,
  limit: GRPC_STATUS.INVALID_ARGUMENT,
  // Not raised by ingest; ABORTED is gRPC's code for a write that lost a race.
  conflict: GRPC_STATUS.ABORTED,
  unauthorized: GRPC_STATUS.UNAUTHENTICATED,
  forbidden: GRPC_STATUS.PERMISSION_DENIED,
  not_found: GRPC_STATUS.NOT_FOUND,
  too_large: GRPC_STATUS.RESOURCE_EXHAUSTED,
  too_many_requests: GRPC_STATUS.RESOURCE_EXHAUSTED,
  unavailable: GRPC_STATUS.UNAVAILABLE,
  internal: GRPC_STATUS.INTERNAL,
};

/** The status of a failed call: a GrpcError's code, a SabaError's kind mapped, else INTERNAL with a generic message. */
export function grpcStatusOf(err: unknown): { readonly code: GrpcCode; readonly message: string } {
  if (err instanceof GrpcError) return { code: err.code, message: err.message };
  if (err instanceof SabaError) return { code: CODE_OF_KIND[err.kind], message: err.message };
  return { code: GRPC_STATUS.INTERNAL, message: 'internal server error' };
}

/**
 * grpc-message's encoding: the text as UTF-8, each byte outside printable ASCII (0x20-0x7E) and
 * `%` itself written `%XX`. decodeURIComponent reverses it.
 */
export function encodeGrpcMessage(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    out +=
      b >= 0x20 && b <= 0x7e && b !== 0x25
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What a request's content-type asks for: protobuf (served), another codec (`+json`), or not gRPC at all. */
export function grpcCodecOf(contentType: string | undefined): 'proto' | 'other' | 'not_grpc' {
  const media = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/grpc' || media === 'application/grpc+proto') return 'proto';
  if (media.startsWith('application/grpc+')) return 'other';
  return 'not_grpc';
}

/**
 * grpc-timeout's units (TimeoutUnit, case-sensitive) as milliseconds: a multiplier, or a divisor
 * for the units below 1 ms, since `10 / 1e6` is 1e-5 and `10 * 1e-6` is not.
 */
const TIMEOUT_UNITS: Readonly<Record<string, { readonly times: number; readonly per: number }>> = {
  H: { times: 3_600_000, per: 1 },
  M: { times: 60_000, per: 1 },
  S: { times: 1000, per: 1 },
  m: { times: 1, per: 1 },
  u: { times: 1, per: 1000 },
  n: { times: 1, per: 1_000_000 },
};

/**
 * A call's grpc-timeout as a span of milliseconds (fractional below 1 ms), or undefined when the
 * header is absent: no deadline. The value is TimeoutValue TimeoutUnit, 1 to 8 ASCII digits then
 * one of `H M S m u n`; surrounding whitespace is stripped, as the spec allows for metadata. 0 is
 * taken as a deadline already passed. Anything else is a GrpcError INTERNAL: the spec names no
 * code for it, and INTERNAL is what grpc-go answers.
 */
export function grpcTimeoutOf(value: string | undefined): DurationMs | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(value.trim());
  if (m === null) {
    throw new GrpcError(
      GRPC_STATUS.INTERNAL,
      `malformed grpc-timeout ${JSON.stringify(value)} (1 to 8 digits, then H, M, S, m, u or n)`,
    );
  }
  const unit = TIMEOUT_UNITS[m[2] as string] as { times: number; per: number };
  return durationMs((Number(m[1]) * unit.times) / unit.per);
}

/** The 5-byte prefix: 1 byte compressed flag, 4 bytes big-endian length. */
const PREFIX = 5;

/** One message framed for the response: flag 0 (responses are never compressed) and its length. */
export function frameMessage(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(PREFIX + message.length);
  new DataView(out.buffer).setUint32(1, message.length);
  out.set(message, PREFIX);
  return out;
}

/** The one message of a unary request, as received. */
export interface UnaryMessage {
  /** The compressed flag: the message is compressed with the call's grpc-encoding. */
  readonly compressed: boolean;
  readonly message: Uint8Array;
}

/**
 * Collects a unary call's request body chunk by chunk, refusing as soon as the declared length is
 * over `maxMessageBytes` (TooLargeError) or more than one message comes (BadDataError), so that
 * neither is buffered whole.
 */
export class UnaryMessageReader {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private declared: number | undefined;

  constructor(private readonly maxMessageBytes: number) {}

  /** Takes the next chunk of the body. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.declared === undefined && this.size >= PREFIX) {
      const head = this.joined();
      this.declared = new DataView(head.buffer, head.byteOffset, PREFIX).getUint32(1);
      if (this.declared > this.maxMessageBytes) {
        throw new TooLargeError(`the message of ${this.declared} bytes is over the limit of ${this.maxMessageBytes}`);
      }
    }
    if (this.declared !== undefined && this.size > PREFIX + this.declared) {
      throw new BadDataError('a unary call carries one message; more came');
    }
  }

  /** The message once the body has ended; BadDataError when there was none or it was cut short. */
  finish(): UnaryMessage {
    if (this.size === 0) throw new BadDataError('the call carries no request message');
    if (this.declared === undefined || this.size < PREFIX + this.declared) {
      throw new BadDataError(`the request message was cut short (${this.size} bytes)`);
    }
    const all = this.joined();
    const flag = all[0];
    if (flag !== 0 && flag !== 1) throw new BadDataError(`the compressed flag is ${flag}, not 0 or 1`);
    return { compressed: flag === 1, message: all.subarray(PREFIX) };
  }

  private joined(): Uint8Array {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Uint8Array;
  }
}

/**
 * The Content-Encoding to decompress a message with (OtlpIngest.post's): none when the flag is
 * clear, else the call's grpc-encoding. A compressed message without an encoding is INTERNAL and
 * an encoding other than gzip UNIMPLEMENTED, as gRPC's compression document says.
 */
export function messageEncoding(compressed: boolean, grpcEncoding: string | undefined): 'gzip' | undefined {
  if (!compressed) return undefined;
  const enc = (grpcEncoding ?? '').trim().toLowerCase();
  if (enc === 'gzip') return 'gzip';
  if (enc === '' || enc === 'identity') {
    throw new GrpcError(
      GRPC_STATUS.INTERNAL,
      'the message is flagged compressed but grpc-encoding names no compression',
    );
  }
  throw new GrpcError(
    GRPC_STATUS.UNIMPLEMENTED,
    `grpc-encoding ${JSON.stringify(enc)} is not supported (gzip or none)`,
  );
}
