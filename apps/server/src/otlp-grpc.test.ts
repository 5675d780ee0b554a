// OTLP/gRPC on its own port (docs/otlp.md), seen by a raw node:http2 client so that each answer's
// exact grpc-status is asserted: framing, gzip, the key headers, partial success, each error the
// OTLP spec names a code for, grpc-timeout's deadline, and the calls' counts in /metrics. Samples
// are read back from the server's tsdb.
import assert from 'node:assert/strict';
import { connect, type IncomingHttpHeaders } from 'node:http2';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { formatLabels, msToSec, nowMs, type OrgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { ProtoReader } from '../../../packages/ingest/src/otlp/proto-reader.ts';
import type { MetricData, MetricsRequest } from '../../../packages/ingest/src/otlp/request.ts';
import { encodeProto, gaugeRequest } from '../../../packages/ingest/src/testing/otlp-request.ts';
import { type Harness, startHarness } from './testing/harness.ts';

const EXPORT = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

let h: Harness;
let org: OrgId;
let readKey: string;
let t: number;

before(async () => {
  h = await startHarness({ SABA_OTLP_GRPC_PORT: '0' });
  const p = await h.server.catalog.orgs.authenticate(h.key);
  assert.ok(p !== undefined);
  org = p.orgId;
  readKey = (await h.server.catalog.orgs.createKey(org, 'read', 'read', msToSec(nowMs()))).key;
  t = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
});
after(async () => {
  await h.close();
});

/** A call's answer: HTTP status, headers, the response messages' bytes, and the gRPC status. */
interface Answer {
  readonly http: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly code: number | undefined;
  readonly message: string | undefined;
}

/** One call on a fresh connection; `end: false` leaves the request open after `body`. */
async function call(
  body: Uint8Array,
  headers: Record<string, string> = { 'mackerel-api-key': h.key },
  options: { path?: string; end?: boolean } = {},
): Promise<Answer> {
  const session = connect(h.server.otlpGrpcUrl as string);
  session.on('error', () => {});
  try {
    const req = session.request({
      ':method': 'POST',
      ':path': options.path ?? EXPORT,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    req.on('error', () => {});
    let got: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (hs) => (got = hs));
    req.on('trailers', (ts) => (trailers = ts));
    req.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise((resolve) => req.once('close', resolve));
    if (options.end === false) req.write(body);
    else req.end(body);
    await closed;
    // Trailers-only answers carry the status in the headers.
    const status = trailers['grpc-status'] ?? got['grpc-status'];
    const message = trailers['grpc-message'] ?? got['grpc-message'];
    return {
      http: Number(got[':status']),
      headers: got,
      body: Buffer.concat(chunks),
      code: status === undefined ? undefined : Number(status),
      message: message === undefined ? undefined : decodeURIComponent(String(message)),
    };
  } finally {
    session.close();
  }
}

/** gRPC's length-prefixed message: compressed flag, 4-byte big-endian length, the bytes. */
function framed(message: Uint8Array, compressed = false): Uint8Array {
  const out = Buffer.alloc(5 + message.length);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

function request(job: string, metrics: { name: string; data: MetricData }[]): MetricsRequest {
  return {
    resources: [
      {
        attributes: [{ key: 'service.name', value: job }],
        scopes: [
          { name: '', version: '', attributes: [], schemaUrl: '', metrics: metrics.map((m) => ({ ...m, unit: '' })) },
        ],
      },
    ],
  };
}

function gauge(job: string, name: string, value: number): MetricsRequest {
  return gaugeRequest(job, name, value, t);
}

/** The series of `job` as `name{labels}` -> values. */
function stored(job: string): Record<string, number[]> {
  const q = h.server.tsdb.querier(org, unixMs(0), unixMs(8.64e15));
  const out: Record<string, number[]> = {};
  for (const s of q.select([matcher('=', 'job', job)])) {
    const got = s.samples();
    out[formatLabels(s.labels)] = Array.from(got.vs.subarray(0, got.length));
  }
  return out;
}

test('an export is answered OK with an empty ExportMetricsServiceResponse, framed, and is stored', async () => {
  const a = await call(framed(encodeProto(gauge('grpc', 'queue.depth', 7))));
  assert.equal(a.http, 200);
  assert.equal(a.headers['content-type'], 'application/grpc');
  assert.equal(a.code, 0);
  assert.deepStrictEqual([...a.body], [0, 0, 0, 0, 0]);
  assert.deepStrictEqual(stored('grpc'), { 'queue_depth{__saba_labeled__="1", job="grpc", service_name="grpc"}': [7] });
});

test('a gzip message (flag 1, grpc-encoding: gzip) is stored; an unflagged one of a gzip call is read as it is', async () => {
  const gz = await call(framed(gzipSync(encodeProto(gauge('gzip', 'a', 1))), true), {
    'mackerel-api-key': h.key,
    'grpc-encoding': 'gzip',
  });
  assert.equal(gz.code, 0, gz.message);
  const plain = await call(framed(encodeProto(gauge('gzip', 'b', 2))), {
    'mackerel-api-key': h.key,
    'grpc-encoding': 'gzip',
  });
  assert.equal(plain.code, 0, plain.message);
  assert.deepStrictEqual(Object.keys(stored('gzip')).sort(), [
    'a{__saba_labeled__="1", job="gzip", service_name="gzip"}',
    'b{__saba_labeled__="1", job="gzip", service_name="gzip"}',
  ]);
});

test('the key is read from the same headers as OTLP/HTTP; no or an unknown key is UNAUTHENTICATED, a read-only one PERMISSION_DENIED', async () => {
  for (const headers of [{ 'x-api-key': h.key }, { authorization: `Bearer ${h.key}` }]) {
    assert.equal((await call(framed(encodeProto(gauge('keys', 'ok', 1))), headers)).code, 0);
  }
  const cases: [Record<string, string>, number, RegExp][] = [
    [{}, 16, /API key is required \(X-Api-Key, Mackerel-Api-Key, or Authorization: Bearer/],
    [{ 'mackerel-api-key': 'nope' }, 16, /unknown API key/],
    [{ authorization: 'Bearer nope' }, 16, /unknown API key/],
    [{ 'mackerel-api-key': readKey }, 7, /read-only/],
  ];
  for (const [headers, code, why] of cases) {
    const a = await call(framed(encodeProto(gauge('denied', 'x', 1))), headers);
    assert.equal(a.http, 200);
    assert.equal(a.code, code, JSON.stringify(headers));
    assert.match(String(a.message), why);
    assert.equal(a.body.length, 0);
  }
  assert.deepStrictEqual(stored('denied'), {});
});

test('bad data is INVALID_ARGUMENT (not retried), with the reason; nothing is stored', async () => {
  const good = encodeProto(gauge('bad', 'x', 1));
  const gzipCall = { 'mackerel-api-key': h.key, 'grpc-encoding': 'gzip' };
  const cases: [Uint8Array, Record<string, string>, RegExp][] = [
    [framed(Uint8Array.of(0x0a, 0x7f, 0x01)), {}, /truncated/],
    [Uint8Array.of(0, 0, 0), {}, /cut short/],
    [good.subarray(0, 0), {}, /no request message/],
    [Buffer.concat([framed(good), framed(good)]), {}, /one message/],
    [framed(Uint8Array.of(1, 2, 3), true), gzipCall, /gzip/],
    [framed(good).subarray(0, 9), {}, /cut short/],
  ];
  for (const [body, headers, why] of cases) {
    const a = await call(body, { 'mackerel-api-key': h.key, ...headers });
    assert.equal(a.code, 3, String(why));
    assert.match(String(a.message), why);
  }
  assert.deepStrictEqual(stored('bad'), {});
});

test('an unknown method, another codec or an unsupported compression is UNIMPLEMENTED', async () => {
  const body = framed(encodeProto(gauge('unimpl', 'x', 1)));
  const trace = await call(body, undefined, { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' });
  assert.equal(trace.code, 12);
  assert.match(String(trace.message), /unknown method .*TraceService/);
  assert.equal((await call(body, undefined, { path: '/nothing' })).code, 12);
  const json = await call(body, { 'mackerel-api-key': h.key, 'content-type': 'application/grpc+json' });
  assert.equal(json.code, 12);
  const snappy = await call(framed(Uint8Array.of(1, 2), true), {
    'mackerel-api-key': h.key,
    'grpc-encoding': 'snappy',
  });
  assert.equal(snappy.code, 12);
  assert.equal(snappy.headers['grpc-accept-encoding'], 'identity,gzip');
  // Compressed with no compression named: a broken client (gRPC's compression document says INTERNAL).
  assert.equal((await call(framed(Uint8Array.of(1, 2), true))).code, 13);
  assert.deepStrictEqual(stored('unimpl'), {});
});

// The timeout turns a server that waits for the rest into a failure rather than a hang.
test('a message declared over 16 MiB is RESOURCE_EXHAUSTED at once, before it is sent', {
  timeout: 60_000,
}, async () => {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE((16 << 20) + 1, 1);
  // The request stays open: the answer must come from the prefix alone.
  const a = await call(prefix, undefined, { end: false });
  assert.equal(a.code, 8);
  assert.match(String(a.message), /over the limit/);
});

test('refused points are reported in partial_success; the rest is stored', async () => {
  const req = request('partial', [
    {
      name: 'c',
      data: {
        type: 'sum',
        temporality: 0,
        monotonic: true,
        points: [{ attributes: [], timeMs: t, value: 1, flags: 0 }],
      },
    },
    { name: 'ok', data: { type: 'gauge', points: [{ attributes: [], timeMs: t, value: 3, flags: 0 }] } },
  ]);
  const a = await call(framed(encodeProto(req)));
  assert.equal(a.code, 0);
  assert.equal(a.body.readUInt32BE(1), a.body.length - 5);
  const r = new ProtoReader(a.body.subarray(5));
  assert.equal(r.tag().field, 1);
  const ps = r.message();
  assert.deepStrictEqual(ps.tag(), { field: 1, wire: 0 });
  assert.equal(ps.varint(), 1);
  assert.equal(ps.tag().field, 2);
  assert.match(ps.string(), /invalid temporality/);
  assert.deepStrictEqual(stored('partial'), { 'ok{__saba_labeled__="1", job="partial", service_name="partial"}': [3] });
});

// No timed race: the message is sent but the request never ends, so only the deadline can answer.
test('a call still open when its grpc-timeout passes is DEADLINE_EXCEEDED; nothing is stored', {
  timeout: 60_000,
}, async () => {
  const a = await call(
    framed(encodeProto(gauge('late', 'x', 1))),
    { 'mackerel-api-key': h.key, 'grpc-timeout': '1n' },
    { end: false },
  );
  assert.equal(a.http, 200);
  assert.equal(a.code, 4);
  assert.match(String(a.message), /deadline \(grpc-timeout 1n\) passed/);
  assert.deepStrictEqual(stored('late'), {});
});

test('a call within its grpc-timeout is stored; a deadline past setTimeout range is none; a malformed one is INTERNAL', async () => {
  for (const timeout of ['30S', '1H', '99999999H']) {
    const a = await call(framed(encodeProto(gauge('timely', `t${timeout}`, 1))), {
      'mackerel-api-key': h.key,
      'grpc-timeout': timeout,
    });
    assert.equal(a.code, 0, `${timeout}: ${a.message}`);
  }
  assert.equal(Object.keys(stored('timely')).length, 3);
  for (const timeout of ['5X', '123456789S', '1.5S']) {
    const a = await call(framed(encodeProto(gauge('malformed', 'x', 1))), {
      'mackerel-api-key': h.key,
      'grpc-timeout': timeout,
    });
    assert.equal(a.code, 13, timeout);
    assert.match(String(a.message), /malformed grpc-timeout/);
  }
  assert.deepStrictEqual(stored('malformed'), {});
});

/** The saba_grpc_ samples of /metrics, by name and labels. */
async function grpcMetrics(): Promise<Map<string, number>> {
  const res = await h.call('GET', '/metrics', { key: null });
  assert.equal(res.status, 200);
  const out = new Map<string, number>();
  for (const line of res.text.split('\n')) {
    const m = /^(saba_grpc_\S+) (\S+)$/.exec(line);
    if (m !== null) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

test('/metrics counts the calls by method and grpc-status, with their latency; plain HTTP answers are not gRPC calls', async () => {
  const before = await grpcMetrics();
  const body = framed(encodeProto(gauge('counted', 'x', 1)));
  assert.equal((await call(body)).code, 0);
  assert.equal((await call(body)).code, 0);
  assert.equal((await call(body, { 'mackerel-api-key': 'nope' })).code, 16);
  assert.equal((await call(body, undefined, { path: '/grpc.health.v1.Health/Check' })).code, 12);
  assert.equal((await call(body, { 'mackerel-api-key': h.key, 'content-type': 'text/plain' })).http, 415);
  const after = await grpcMetrics();
  const export_ = 'method="opentelemetry.proto.collector.metrics.v1.MetricsService/Export"';
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  assert.equal(delta(`saba_grpc_requests_total{${export_},status="0"}`), 2);
  assert.equal(delta(`saba_grpc_requests_total{${export_},status="16"}`), 1);
  assert.equal(delta('saba_grpc_requests_total{method="unknown",status="12"}'), 1);
  assert.equal(delta(`saba_grpc_request_duration_seconds_count{${export_}}`), 3);
  assert.equal(delta(`saba_grpc_request_duration_seconds_bucket{${export_},le="+Inf"}`), 3);
  assert.ok(delta(`saba_grpc_request_duration_seconds_sum{${export_}}`) > 0);
  assert.equal(delta('saba_grpc_request_duration_seconds_count{method="unknown"}'), 1);
  // The earlier tests' deadline and malformed timeouts were counted too.
  assert.ok((after.get(`saba_grpc_requests_total{${export_},status="4"}`) ?? 0) >= 1);
  assert.ok((after.get(`saba_grpc_requests_total{${export_},status="13"}`) ?? 0) >= 3);
  // Every counted call has its latency observed once.
  const sum = (prefix: string) => [...after].filter(([k]) => k.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
  assert.equal(sum('saba_grpc_requests_total{'), sum('saba_grpc_request_duration_seconds_count{'));
});

test('a request that is not gRPC gets a plain HTTP status', async () => {
  const a = await call(Uint8Array.of(1), { 'mackerel-api-key': h.key, 'content-type': 'application/json' });
  assert.equal(a.http, 415);
  assert.equal(a.code, undefined);
});

test('shutdown sends GOAWAY to open connections and ends with an idle one open', async () => {
  const other = await startHarness({ SABA_OTLP_GRPC_PORT: '0' });
  const session = connect(other.server.otlpGrpcUrl as string);
  session.on('error', () => {});
  const goaway = new Promise((resolve) => session.once('goaway', resolve));
  await new Promise((resolve) => session.once('connect', resolve));
  // An idle connection, as an exporter keeps between exports: it is told to go, and closing ends.
  await other.close();
  await goaway;
  session.destroy();
});
