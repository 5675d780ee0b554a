// Prometheus remote_write 1.0 at POST /api/v1/write (docs/remote-write.md): status codes and
// plain-text errors as Prometheus answers them, samples read back from the server's tsdb with
// their labels and the labelled-series mark, and the Mackerel API blind to labelled series.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type OrgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { compress } from 'snappyjs';
import { encodeTestWriteRequest, type TestSeries } from '../../../../packages/ingest/src/testing/write-request.ts';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from '../../../../tools/prometheus-peer/remote-write.ts';
import { createHost, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let org: OrgId;
let t0: number;

before(async () => {
  h = await startHarness();
  const p = await h.server.catalog.orgs.authenticate(h.key);
  assert.ok(p !== undefined);
  org = p.orgId;
  t0 = Math.floor(nowSec() / 60) * 60_000 - 3_600_000;
});
after(async () => {
  await h.close();
});

/** POSTs `body` to /api/v1/write with the remote_write headers and `headers` (the key by default). */
async function write(body: Uint8Array, headers: Record<string, string> = { 'x-api-key': h.key }) {
  const res = await fetch(`${h.url}/api/v1/write`, {
    method: 'POST',
    headers: { ...REMOTE_WRITE_HEADERS, ...headers },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const encoded = (series: readonly TestSeries[]) => compress(encodeTestWriteRequest(series));

/** Every series of the default org matching `job`, as `{labels: [[t, v], ...]}`. */
function stored(job: string): Record<string, [number, number][]> {
  const q = h.server.tsdb.querier(org, unixMs(0), unixMs(8.64e15));
  const out: Record<string, [number, number][]> = {};
  for (const s of q.select([matcher('=', 'job', job)])) {
    const { length, ts, vs } = s.samples();
    const points: [number, number][] = [];
    for (let i = 0; i < length; i++) points.push([ts[i] as number, vs[i] as number]);
    out[s.labels.map((l) => `${l.name}=${l.value}`).join(',')] = points;
  }
  return out;
}

test('a WriteRequest is answered 204 and its samples read back with their labels and the mark', async () => {
  const body = compress(
    encodeWriteRequest([
      { labels: { __name__: 'up', job: 'rw-ok', instance: 'a:9100' }, ts: [t0, t0 + 15_000], vs: [1, 0] },
      { labels: { __name__: 'node_load1', job: 'rw-ok', instance: 'a:9100' }, ts: [t0], vs: [0.25] },
    ]),
  );
  const r = await write(body);
  assert.deepEqual([r.status, r.text], [204, '']);
  assert.deepEqual(stored('rw-ok'), {
    '__name__=node_load1,__saba_labeled__=1,instance=a:9100,job=rw-ok': [[t0, 0.25]],
    '__name__=up,__saba_labeled__=1,instance=a:9100,job=rw-ok': [
      [t0, 1],
      [t0 + 15_000, 0],
    ],
  });
  // Sent again (a sender's retry), the same samples are stored once.
  assert.equal((await write(body)).status, 204);
  assert.equal(stored('rw-ok')['__name__=up,__saba_labeled__=1,instance=a:9100,job=rw-ok']?.length, 2);
});

test('the key is taken from Authorization: Bearer as well', async () => {
  const body = encoded([
    {
      labels: [
        ['__name__', 'up'],
        ['job', 'rw-bearer'],
      ],
      samples: [[t0, 1]],
    },
  ]);
  assert.equal((await write(body, { authorization: `Bearer ${h.key}` })).status, 204);
  assert.deepEqual(Object.values(stored('rw-bearer')), [[[t0, 1]]]);
  const wrong = await write(body, { authorization: 'Bearer not-a-key' });
  assert.equal(wrong.status, 403);
});

test('bad requests are 400 with a plain-text reason, and nothing of them is stored', async () => {
  const ok: TestSeries = {
    labels: [
      ['__name__', 'up'],
      ['job', 'rw-bad'],
    ],
    samples: [[t0, 1]],
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['bad snappy', new Uint8Array([0x05, 1, 2, 3]), /^snappy: corrupt input/],
    ['bad protobuf', compress(new Uint8Array([0x0a, 0x50, 1])), /^protobuf: unexpected end of message/],
    [
      'missing __name__',
      encoded([ok, { labels: [['job', 'rw-bad']], samples: [[t0, 1]] }]),
      /^series 1 \{job="rw-bad"\}: the label "__name__"/,
    ],
    [
      'unsorted labels',
      encoded([
        ok,
        {
          labels: [
            ['job', 'rw-bad'],
            ['__name__', 'x'],
          ],
          samples: [[t0, 1]],
        },
      ]),
      /not sorted by name/,
    ],
    [
      'duplicate labels',
      encoded([
        ok,
        {
          labels: [
            ['__name__', 'x'],
            ['job', 'rw-bad'],
            ['job', 'y'],
          ],
          samples: [[t0, 1]],
        },
      ]),
      /"job" appears more than once/,
    ],
    [
      'the reserved mark',
      encoded([
        ok,
        {
          labels: [
            ['__name__', 'x'],
            ['__saba_labeled__', '1'],
            ['job', 'rw-bad'],
          ],
          samples: [[t0, 1]],
        },
      ]),
      /is reserved by Saba/,
    ],
  ];
  for (const [name, body, message] of cases) {
    const r = await write(body);
    assert.equal(r.status, 400, name);
    assert.equal(r.type, 'text/plain; charset=utf-8', name);
    assert.match(r.text, message, name);
    assert.ok(r.text.endsWith('\n'), name);
  }
  assert.deepEqual(stored('rw-bad'), {});
});

test('samples outside the window are 400 naming the count; the ones inside are stored', async () => {
  const now = Math.floor(nowSec()) * 1000;
  const r = await write(
    encoded([
      {
        labels: [
          ['__name__', 'up'],
          ['job', 'rw-old'],
        ],
        samples: [
          [now - 3 * 86_400_000, 1],
          [now, 2],
        ],
      },
    ]),
  );
  assert.equal(r.status, 400);
  assert.match(r.text, /^1 of 2 samples were outside the accepted time window .* the other 1 were stored\n$/);
  assert.deepEqual(Object.values(stored('rw-old')), [[[now, 2]]]);
});

test('a read-only key is refused with 403, no key with 403, an oversized body with 413', async () => {
  const other = await h.newOrg();
  const body = encoded([
    {
      labels: [
        ['__name__', 'up'],
        ['job', 'rw-denied'],
      ],
      samples: [[t0, 1]],
    },
  ]);
  const ro = await write(body, { 'x-api-key': other.readKey });
  assert.equal(ro.status, 403);
  assert.match(ro.text, /read-only/);
  assert.equal(ro.type, 'text/plain; charset=utf-8');
  const none = await write(body, {});
  assert.equal(none.status, 403);
  // The message names every header a sender may use.
  assert.match(none.text, /X-Api-Key, Mackerel-Api-Key, or Authorization: Bearer/);
  const big = await write(new Uint8Array(17 << 20));
  assert.equal(big.status, 413);
  assert.deepEqual(stored('rw-denied'), {});
});

test('a labelled series with a host label is invisible to the Mackerel API of that host', async () => {
  const id = await createHost(h, { name: 'rw-host' });
  const from = Math.floor(t0 / 1000) - 60;
  assert.equal(
    (await h.call('POST', '/api/v0/tsdb', { body: [{ hostId: id, name: 'loadavg5', time: t0 / 1000, value: 1.5 }] }))
      .status,
    200,
  );
  const r = await write(
    encoded([
      {
        labels: [
          ['__name__', 'loadavg5'],
          ['host', id],
        ],
        samples: [[t0, 99]],
      },
      {
        labels: [
          ['__name__', 'rw_only_metric'],
          ['host', id],
        ],
        samples: [[t0, 7]],
      },
    ]),
  );
  assert.equal(r.status, 204);
  const names = await h.call('GET', `/api/v0/hosts/${id}/metric-names`);
  assert.deepEqual(names.json.names, ['loadavg5']);
  const points = await h.call('GET', `/api/v0/hosts/${id}/metrics?name=loadavg5&from=${from}&to=${from + 3600}`);
  assert.deepEqual(points.json.metrics, [{ time: t0 / 1000, value: 1.5 }]);
  const onlyLabelled = await h.call(
    'GET',
    `/api/v0/hosts/${id}/metrics?name=rw_only_metric&from=${from}&to=${from + 3600}`,
  );
  assert.equal(onlyLabelled.status, 404);
  const latest = await h.call('GET', `/api/v0/tsdb/latest?hostId=${id}&name=rw_only_metric&name=loadavg5`);
  assert.deepEqual(Object.keys(latest.json.tsdbLatest[id]), ['loadavg5']);
  // The labelled series are still there for PromQL.
  const q = h.server.tsdb.querier(org, unixMs(0), unixMs(8.64e15));
  assert.equal(q.select([matcher('=', 'host', id), matcher('=', '__saba_labeled__', '1')]).length, 2);
});
