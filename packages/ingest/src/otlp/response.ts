// OTLP/HTTP answers: ExportMetricsServiceResponse on success, google.rpc.Status on failure, each in
// the encoding the request came in (the spec: the response's Content-Type matches the request's).
import { ProtoWriter } from './proto-writer.ts';

/** The two OTLP/HTTP encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

/** An encoded answer: its bytes and content type. */
export interface OtlpAnswer {
  readonly body: Uint8Array;
  readonly contentType: string;
}

const CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The encoding a request's Content-Type names; undefined for any other type. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const media = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

/**
 * ExportMetricsServiceResponse: empty when everything was stored, else partial_success with the
 * count of rejected points and why (the spec leaves partial_success unset on full success).
 */
export function exportResponse(encoding: OtlpEncoding, rejected: number, message: string): OtlpAnswer {
  if (encoding === 'json') {
    const body =
      rejected === 0 && message === ''
        ? {}
        : { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } };
    return { body: Buffer.from(JSON.stringify(body)), contentType: CONTENT_TYPE.json };
  }
  const w = new ProtoWriter();
  if (rejected !== 0 || message !== '') {
    const p = new ProtoWriter();
    if (rejected !== 0) p.varint(1, rejected);
    if (message !== '') p.string(2, message);
    w.message(1, p);
  }
  return { body: w.finish(), contentType: CONTENT_TYPE.protobuf };
}

/** gRPC status codes of the HTTP statuses Saba answers (google.rpc.Code). */
function grpcCode(status: number): number {
  switch (status) {
    case 400:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 405:
      return 12; // UNIMPLEMENTED
    case 413:
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 503:
      return 14; // UNAVAILABLE
    case 500:
      return 13; // INTERNAL
    default:
      return 2; // UNKNOWN
  }
}

/** A failure as google.rpc.Status {code, message}, in the request's encoding (protobuf when it named neither). */
export function statusResponse(encoding: OtlpEncoding | undefined, httpStatus: number, message: string): OtlpAnswer {
  const code = grpcCode(httpStatus);
  if (encoding === 'json') {
    return { body: Buffer.from(JSON.stringify({ code, message })), contentType: CONTENT_TYPE.json };
  }
  return { body: new ProtoWriter().varint(1, code).string(2, message).finish(), contentType: CONTENT_TYPE.protobuf };
}
