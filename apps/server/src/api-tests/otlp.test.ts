// OTLP/HTTP metrics at POST /v1/metrics (docs/otlp.md): protobuf and JSON, gzip, the accepted key
// headers, partial success, and errors as google.rpc.Status in the request's encoding; samples
// read back from the server's tsdb.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { formatLabels, msToSec, nowMs, type OrgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { ProtoReader } from '../../../../packages/ingest/src/otlp/proto-reader.ts';
import type { MetricsRequest } from '../../../../packages/ingest/src/otlp/request.ts';
import { encodeJson, encodeProto, gaugeRequest } from '../../../../packages/ingest/src/testing/otlp-request.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let org: OrgId;
let readKey: string;
let t: number;

before(async () => {
  h = await startHarness();
  const p = await h.server.catalog.orgs.authenticate(h.key);
  assert.ok(p !== undefined);
  org = p.orgId;
  readKey = (await h.server.catalog.orgs.createKey(org, 'read', 'read', msToSec(nowMs()))).key;
  t = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
});
after(async () => {
  await h.close();
});

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

async function post(body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`${h.url}/v1/metrics`, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

function gauge(job: string, name: string, value: number, attributes: Record<string, string> = {}): MetricsRequest {
  return gaugeRequest(job, name, value, t, attributes);
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

/** google.rpc.Status {code = 1, message = 2} from protobuf bytes. */
function status(bytes: Uint8Array): { code: number; message: string } {
  const r = new ProtoReader(bytes);
  let code = 0;
  let message = '';
  while (r.more()) {
    const f = r.tag();
    if (f.field === 1) code = r.varint();
    else if (f.field === 2) message = r.string();
    else r.skip(f.wire);
  }
  return { code, message };
}

test('protobuf: 200 with an empty ExportMetricsServiceResponse, and the gauge is stored as a labelled series', async () => {
  const a = await post(encodeProto(gauge('proto', 'queue.depth', 7, { queue: 'mail' })), {
    ...PROTO,
    'x-api-key': h.key,
  });
  assert.equal(a.status, 200);
  assert.equal(a.type, 'application/x-protobuf');
  assert.equal(a.bytes.length, 0);
  assert.deepStrictEqual(stored('proto'), {
    'queue_depth{__saba_labeled__="1", job="proto", queue="mail", service_name="proto"}': [7],
  });
});

test('JSON, gzip: 200 with {} in JSON', async () => {
  const a = await post(gzipSync(encodeJson(gauge('json', 'temp', 21.5))), {
    ...JSON_TYPE,
    'content-encoding': 'gzip',
    'x-api-key': h.key,
  });
  assert.equal(a.status, 200);
  assert.equal(a.type, 'application/json');
  assert.equal(Buffer.from(a.bytes).toString(), '{}');
  assert.deepStrictEqual(stored('json'), { 'temp{__saba_labeled__="1", job="json", service_name="json"}': [21.5] });
});

test('the key is taken from Mackerel-Api-Key and Authorization: Bearer too', async () => {
  const m = await post(encodeProto(gauge('hdr', 'a', 1)), { ...PROTO, 'mackerel-api-key': h.key });
  assert.equal(m.status, 200);
  const b = await post(encodeProto(gauge('hdr', 'b', 2)), { ...PROTO, authorization: `Bearer ${h.key}` });
  assert.equal(b.status, 200);
  assert.deepStrictEqual(Object.keys(stored('hdr')).sort(), [
    'a{__saba_labeled__="1", job="hdr", service_name="hdr"}',
    'b{__saba_labeled__="1", job="hdr", service_name="hdr"}',
  ]);
});

test('no key, an unknown key, a read-only key: 403 with a google.rpc.Status, nothing stored', async () => {
  for (const headers of [{}, { 'mackerel-api-key': 'nope' }, { authorization: `Bearer ${readKey}` }]) {
    const a = await post(encodeProto(gauge('denied', 'x', 1)), { ...PROTO, ...headers });
    assert.equal(a.status, 403);
    assert.equal(a.type, 'application/x-protobuf');
    assert.equal(status(a.bytes).code, 7);
  }
  const j = await post(encodeJson(gauge('denied', 'x', 1)), { ...JSON_TYPE, 'mackerel-api-key': readKey });
  assert.equal(j.status, 403);
  assert.match(JSON.parse(Buffer.from(j.bytes).toString()).message, /read-only/);
  assert.deepStrictEqual(stored('denied'), {});
});

test('bad bodies are 400 (not retried) with the reason, in the request encoding', async () => {
  const cases: [Uint8Array | string, Record<string, string>, RegExp][] = [
    [Uint8Array.of(0x0a, 0x7f, 0x01), PROTO, /truncated/],
    ['{"resourceMetrics":', JSON_TYPE, /not valid JSON/],
    [Uint8Array.of(1, 2, 3), { ...PROTO, 'content-encoding': 'gzip' }, /gzip/],
    [encodeProto(gauge('x', 'y', 1)), { ...PROTO, 'content-encoding': 'br' }, /Content-Encoding "br"/],
    [encodeJson(gauge('x', 'y', 1)), { 'content-type': 'text/plain' }, /Content-Type "text\/plain"/],
    [encodeProto(gauge('x', 'y', 1, { __saba_labeled__: '0' })), PROTO, /reserved label/],
  ];
  for (const [body, headers, why] of cases) {
    const a = await post(body, { ...headers, 'x-api-key': h.key });
    assert.equal(a.status, 400, String(why));
    if (a.type === 'application/json') assert.match(JSON.parse(Buffer.from(a.bytes).toString()).message, why);
    else {
      assert.equal(a.type, 'application/x-protobuf');
      const s = status(a.bytes);
      assert.equal(s.code, 3);
      assert.match(s.message, why);
    }
  }
  assert.deepStrictEqual(stored('x'), {});
});

test('a gzip body that inflates past 64 MiB is 413, refused without holding it all', async () => {
  const bomb = gzipSync(Buffer.alloc((64 << 20) + 1));
  assert.ok(bomb.length < 1 << 20);
  const a = await post(bomb, { ...PROTO, 'content-encoding': 'gzip', 'x-api-key': h.key });
  assert.equal(a.status, 413);
  assert.match(status(a.bytes).message, /decompressed body is over the limit/);
});

test('refused points are reported as partial success; the rest is stored', async () => {
  const req: MetricsRequest = {
    resources: [
      {
        attributes: [{ key: 'service.name', value: 'partial' }],
        scopes: [
          {
            name: '',
            version: '',
            attributes: [],
            schemaUrl: '',
            metrics: [
              {
                name: 'c',
                unit: '',
                data: {
                  type: 'sum',
                  temporality: 0,
                  monotonic: true,
                  points: [{ attributes: [], timeMs: t, value: 1, flags: 0 }],
                },
              },
              {
                name: 'old',
                unit: '',
                data: { type: 'gauge', points: [{ attributes: [], timeMs: t - 30 * 86_400_000, value: 1, flags: 0 }] },
              },
              {
                name: 'ok',
                unit: '',
                data: { type: 'gauge', points: [{ attributes: [], timeMs: t, value: 3, flags: 0 }] },
              },
            ],
          },
        ],
      },
    ],
  };
  const a = await post(encodeJson(req), { ...JSON_TYPE, 'x-api-key': h.key });
  assert.equal(a.status, 200);
  const body = JSON.parse(Buffer.from(a.bytes).toString());
  assert.equal(body.partialSuccess.rejectedDataPoints, '2');
  assert.match(
    body.partialSuccess.errorMessage,
    /invalid temporality .* "c".*1 samples lay outside the accepted time window/,
  );
  const p = await post(encodeProto(req), { ...PROTO, 'x-api-key': h.key });
  const r = new ProtoReader(p.bytes);
  assert.equal(r.tag().field, 1);
  const ps = r.message();
  assert.deepStrictEqual(ps.tag(), { field: 1, wire: 0 });
  assert.equal(ps.varint(), 2);
  assert.deepStrictEqual(stored('partial'), { 'ok{__saba_labeled__="1", job="partial", service_name="partial"}': [3] });
});
