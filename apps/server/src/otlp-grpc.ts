// OTLP/gRPC metrics on a port of their own (docs/otlp.md): the one unary method
// MetricsService/Export over HTTP/2, plain-text (h2c) or TLS, on node:http2 with the wire pieces of
// @saba/ingest's otlp/grpc.ts. The key check and the ingest are the OTLP/HTTP route's. Each call
// runs under its grpc-timeout deadline and is counted, by method and grpc-status, in /metrics.
import {
  constants,
  createSecureServer,
  createServer,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@saba/catalog';
import {
  encodeGrpcMessage,
  exportResponse,
  frameMessage,
  GRPC_ACCEPT_ENCODING,
  GRPC_STATUS,
  type GrpcCode,
  GrpcError,
  grpcCodecOf,
  grpcStatusOf,
  grpcTimeoutOf,
  MAX_OTLP_SENT_BYTES,
  METRICS_EXPORT_PATH,
  messageEncoding,
  type OtlpIngest,
  type UnaryMessage,
  UnaryMessageReader,
} from '@saba/ingest';
import { SabaError } from '@saba/model';
import type { SecureListener, TlsPair } from './tls.ts';

/** What the listener needs. */
export interface OtlpGrpcDeps {
  readonly otlp: OtlpIngest;
  /** The caller of a call from its metadata (HTTP/2 headers), with write permission; throws a SabaError. */
  authenticate(headers: IncomingHttpHeaders): Promise<Principal>;
  /** Where unexpected errors are reported (the caller gets INTERNAL). */
  readonly log: (line: string) => void;
  /** Counts a gRPC call once it has ended: its method label, its grpc-status, and its seconds from headers to status. */
  readonly observe: (method: string, code: GrpcCode, seconds: number) => void;
}

/** A listening OTLP/gRPC receiver. */
export interface OtlpGrpcListener extends SecureListener {
  /** The bound port (port 0 picks a free one). */
  readonly port: number;
  /** Stops accepting connections, lets calls in flight finish for up to `drainMs`, then cuts the rest. */
  close(drainMs: number): Promise<void>;
}

const noop = (): void => {};

/** The `method` label of the served method: its path without the leading `/`. */
const EXPORT_METHOD = METRICS_EXPORT_PATH.slice(1);

/**
 * Longer deadlines set no timer: setTimeout fires at once past 2^31-1 ms (24.8 days), and a
 * deadline that far off is no deadline for a call that takes seconds.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Starts the receiver on `host:port`, over TLS with `tls`; rejects when the port cannot be bound. */
export async function listenOtlpGrpc(
  host: string,
  port: number,
  deps: OtlpGrpcDeps,
  tls?: TlsPair,
): Promise<OtlpGrpcListener> {
  // gRPC clients offer only h2 in TLS's ALPN, so HTTP/1 is not allowed (createSecureServer's default).
  const server = tls === undefined ? createServer() : createSecureServer(tls);
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    // A peer's protocol error ends its session; it must not end the process.
    session.on('error', noop);
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    stream.on('error', noop);
    serve(deps, stream, headers).catch((err: unknown) => {
      deps.log(`error in otlp.grpc: ${(err as Error)?.stack ?? String(err)}`);
      stream.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  const close = (drainMs: number): Promise<void> => {
    closed ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // GOAWAY: no new calls on open connections; each closes once its calls are answered.
      for (const s of sessions) s.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, drainMs)))]);
      clearTimeout(timer);
      for (const s of sessions) s.destroy();
      await stopped;
    })();
    return closed;
  };
  const setSecureContext = (pair: TlsPair): void => {
    if (tls === undefined) throw new Error('the OTLP/gRPC receiver serves plain HTTP/2');
    (server as ReturnType<typeof createSecureServer>).setSecureContext(pair);
  };
  return { port: (server.address() as AddressInfo).port, close, setSecureContext };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * One call, start to end: check it, authenticate it before reading its message, store, answer;
 * or answer DEADLINE_EXCEEDED when its grpc-timeout passes first. It ends once, and is counted then.
 */
async function serve(deps: OtlpGrpcDeps, stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
  // Not gRPC at all: plain HTTP answers, as gRPC's HTTP/2 mapping says; not counted as gRPC calls.
  if (headers[':method'] !== 'POST') return respondHttp(stream, 405);
  const codec = grpcCodecOf(header(headers, 'content-type'));
  if (codec === 'not_grpc') return respondHttp(stream, 415);
  const started = performance.now();
  const path = headers[':path'];
  // Any other path is `unknown`: a label per path sent would let any client grow /metrics.
  const method = path === METRICS_EXPORT_PATH ? EXPORT_METHOD : 'unknown';
  let ended = false;
  let deadline: NodeJS.Timeout | undefined;
  const end = (code: GrpcCode, answer: Uint8Array | string): void => {
    if (ended) return;
    ended = true;
    clearTimeout(deadline);
    deps.observe(method, code, (performance.now() - started) / 1000);
    if (typeof answer === 'string') respondStatus(stream, code, answer);
    else respondMessage(stream, answer);
  };
  try {
    const timeout = header(headers, 'grpc-timeout');
    const timeoutMs = grpcTimeoutOf(timeout);
    if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS) {
      // Set before anything is awaited, so that the deadline counts from the call's headers.
      const passed = `the deadline (grpc-timeout ${timeout}) passed before the answer`;
      deadline = setTimeout(() => end(GRPC_STATUS.DEADLINE_EXCEEDED, passed), timeoutMs);
    }
    if (codec === 'other') {
      throw new GrpcError(GRPC_STATUS.UNIMPLEMENTED, 'only the protobuf codec is served (application/grpc+proto)');
    }
    if (path !== METRICS_EXPORT_PATH) {
      throw new GrpcError(GRPC_STATUS.UNIMPLEMENTED, `unknown method ${path}; this port serves ${METRICS_EXPORT_PATH}`);
    }
    const principal = await deps.authenticate(headers);
    const { compressed, message } = await readUnary(stream);
    const encoding = messageEncoding(compressed, header(headers, 'grpc-encoding'));
    // Past the deadline the client has given up: store nothing it would then send again.
    if (ended) return;
    const r = await deps.otlp.post(principal.orgId, message, 'protobuf', encoding);
    end(GRPC_STATUS.OK, exportResponse('protobuf', r.rejected, r.message).body);
  } catch (err) {
    if (!(err instanceof SabaError || err instanceof GrpcError)) {
      deps.log(`error in otlp.grpc: ${(err as Error)?.stack ?? String(err)}`);
    }
    const { code, message } = grpcStatusOf(err);
    end(code, message);
  }
}

/** The call's one request message, refused as soon as it is over the size cap (the OTLP/HTTP body's). */
function readUnary(stream: ServerHttp2Stream): Promise<UnaryMessage> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new GrpcError(GRPC_STATUS.CANCELLED, 'the client cancelled the call'));
      return;
    }
    const reader = new UnaryMessageReader(MAX_OTLP_SENT_BYTES);
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      try {
        reader.push(chunk);
      } catch (err) {
        done();
        reject(err);
      }
    };
    const onEnd = (): void => {
      done();
      try {
        resolve(reader.finish());
      } catch (err) {
        reject(err);
      }
    };
    const onClose = (): void => {
      done();
      reject(new GrpcError(GRPC_STATUS.CANCELLED, 'the client cancelled the call'));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onClose);
  });
}

const OK_HEADERS = {
  ':status': 200,
  'content-type': 'application/grpc',
  'grpc-accept-encoding': GRPC_ACCEPT_ENCODING,
} as const;

/** A successful answer: headers, the framed response message, then the trailer grpc-status 0. */
function respondMessage(stream: ServerHttp2Stream, message: Uint8Array): void {
  if (stream.destroyed) return;
  stream.respond(OK_HEADERS, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GRPC_STATUS.OK) }));
  stream.end(frameMessage(message));
}

/**
 * A failure as a trailers-only answer (one HEADERS frame ending the stream). A request still
 * being sent is then reset with NO_ERROR, which tells the client to stop sending (gRPC's HTTP/2 mapping).
 */
function respondStatus(stream: ServerHttp2Stream, code: GrpcCode, message: string): void {
  if (stream.destroyed) return;
  if (stream.headersSent) {
    // Failed while answering: too late for a status; the reset tells the client the call failed.
    stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.respond(
    { ...OK_HEADERS, 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) },
    { endStream: true },
  );
  if (!stream.readableEnded) stream.close(constants.NGHTTP2_NO_ERROR);
}

function respondHttp(stream: ServerHttp2Stream, status: number): void {
  if (stream.destroyed) return;
  stream.respond({ ':status': status }, { endStream: true });
  if (!stream.readableEnded) stream.close(constants.NGHTTP2_NO_ERROR);
}
